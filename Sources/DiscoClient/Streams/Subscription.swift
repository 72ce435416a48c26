/// What a ``Subscription`` delivers.
public enum SubscriptionElement: Hashable, Sendable {
    /// The next event, in offset order.
    case event(RecordedEvent)
    /// Every event stored up to `headOffset` (when the subscription started) has been delivered: from now on
    /// events are delivered as they are stored. Sent once per subscription.
    case caughtUp(headOffset: UInt64)
}

/// Events after an offset, then new events as they are stored: an `AsyncSequence` that never ends by itself.
///
/// It first delivers what is already stored, then ``SubscriptionElement/caughtUp(headOffset:)``, then live events.
/// It grants the server credit as the caller consumes, so at most
/// ``DiscoClient/Configuration-swift.struct/streamBufferFrames`` frames are ever buffered. When the connection
/// drops (or the server shuts down) it reconnects with back-off and resubscribes after the last event it
/// delivered: the caller sees no gap and no duplicate. Breaking out of the loop or cancelling the task ends the
/// subscription (the server is sent `CANCEL`). Iteration throws ``DiscoClientError`` for a failure it cannot
/// recover from, like ``DiscoClientError/Code-swift.struct/noServerReachable`` once no server could be reached
/// for ``DiscoClient/Configuration-swift.struct/unreachableTimeout``.
public struct Subscription: AsyncSequence, Sendable {
    /// The subscription's elements.
    public typealias Element = SubscriptionElement

    let client: DiscoClient
    let query: StreamQuery
    let position: UInt64

    /// Creates the iterator; nothing is sent until its first `next()`.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(engine: EventStreamIterator(client: self.client, query: self.query, after: self.position))
    }

    /// Iterates a ``Subscription``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var engine: EventStreamIterator

        /// The next element; `nil` only when the task was cancelled.
        public mutating func next() async throws -> SubscriptionElement? {
            switch try await self.engine.next() {
            case .event(let event): .event(event)
            case .caughtUp(let headOffset): .caughtUp(headOffset: headOffset)
            case nil: nil
            }
        }
    }
}
