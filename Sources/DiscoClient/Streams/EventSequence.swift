/// The events of a read, in order: an `AsyncSequence` that pages through the log as it is iterated.
///
/// Iterating sends the read; each page ends with the server's `STREAM_END` and the next starts after the last
/// event received, until no more events match (as of when each page started) or the limit is reached. At most
/// ``DiscoClient/Configuration-swift.struct/streamBufferFrames`` frames are buffered. A lost connection is
/// resumed after the last event delivered. Breaking out of the loop, or cancelling the task, cancels the read.
public struct EventSequence: AsyncSequence, Sendable {
    /// The sequence's elements: stored events.
    public typealias Element = RecordedEvent

    let client: DiscoClient
    let query: StreamQuery
    let position: UInt64

    /// Creates the iterator; nothing is sent until its first `next()`.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(engine: EventStreamIterator(client: self.client, query: self.query, after: self.position))
    }

    /// Collects every event of the sequence.
    public func collect() async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        for try await event in self {
            events.append(event)
        }
        return events
    }

    /// Iterates an ``EventSequence``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var engine: EventStreamIterator

        /// The next event, or `nil` at the end of the read.
        public mutating func next() async throws -> RecordedEvent? {
            while let element = try await self.engine.next() {
                if case .event(let event) = element {
                    return event
                }
            }
            return nil
        }
    }
}
