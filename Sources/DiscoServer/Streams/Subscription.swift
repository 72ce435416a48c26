import CoreMetrics
import DiscoProtocol
import DiscoStore

/// Serves SUBSCRIBE: catches up from an offset with pages read from the store, says CAUGHT_UP once it
/// has sent everything committed, then pushes new events as they commit. It ends only when the client
/// cancels it, the server shuts down, or the connection goes.
///
/// More than a page behind the head, it catches up with the store's range read
/// (``EventStore/readEvents(after:through:types:pageSize:_:)``), which reads pages ahead; within a page of
/// it, with one page read at a time, which also takes events committed since the head was observed (the
/// range read stops at its end: following live events with it would deliver each one a round later).
///
/// No event is skipped and none is sent twice: the stream's position only moves to the offset of the last
/// event sent, or — after a read that returned everything up to a head offset observed *before* it — to
/// that head. Offsets commit in order, so every event at or below that head was visible to the read, and
/// none of them matched the filter unless it was sent.
package struct Subscription: Sendable {
    package var afterOffset: Int64
    package var types: [String]
    package var context: StreamContext

    package init(afterOffset: Int64, types: [String], context: StreamContext) {
        self.afterOffset = afterOffset
        self.types = types
        self.context = context
    }

    /// Runs the subscription and returns the frame that ends it (STREAM_END `cancelled`, or ERROR).
    package func run() async throws -> ServerMessage {
        let store = self.context.store
        let credit = self.context.credit
        let metrics = self.context.metrics
        metrics.subscriptionsOpen.increment()
        defer { metrics.subscriptionsOpen.decrement() }

        var position = self.afterOffset
        var knownHead = try await store.headOffset()
        var caughtUp = false
        var sender = self.context.makeSender()
        while true {
            if knownHead - position > Int64(self.context.pageSize),
                let ending = try await self.catchUp(through: knownHead, position: &position, sender: &sender)
            {
                return ending
            }
            // Within a page of the known head: one page of whatever is committed, newer events included.
            guard await credit.take() else {
                return self.context.cancelledEnding(count: sender.sentCount, position: position)
            }
            let page = try await store.events(after: position, types: self.types, limit: self.context.pageSize)
            if page.isEmpty {
                credit.giveBack()
            } else if try await !sender.send(page[...], credit: credit, advancing: &position) {
                return self.context.cancelledEnding(count: sender.sentCount, position: position)
            }
            guard page.count < self.context.pageSize else {
                metrics.subscriptionLag.record(max(knownHead - position, 0))
                continue
            }
            position = max(position, knownHead)
            metrics.subscriptionLag.record(0)
            if !caughtUp {
                caughtUp = true
                try await self.context.writer.send(.caughtUp(.init(headOffset: UInt64(position))), requestID: self.context.requestID)
            }
            let waitFrom = position
            guard let head = try await credit.unlessCancelled({ try await store.waitForEvents(after: waitFrom) }) else {
                return self.context.cancelledEnding(count: sender.sentCount, position: position)
            }
            knownHead = head
        }
    }

    /// Sends every event after `position` up to `head` (committed) with the store's range read, which reads
    /// pages ahead of the sending; returns the ending if the stream was cancelled meanwhile.
    private func catchUp(
        through head: Int64,
        position: inout Int64,
        sender: inout EventFrameSender
    ) async throws -> ServerMessage? {
        let credit = self.context.credit
        var ending: ServerMessage?
        try await self.context.store.readEvents(
            after: position,
            through: head,
            types: self.types,
            pageSize: self.context.pageSize
        ) { page in
            guard await credit.take(), try await sender.send(page[...], credit: credit, advancing: &position) else {
                ending = self.context.cancelledEnding(count: sender.sentCount, position: position)
                return false
            }
            self.context.metrics.subscriptionLag.record(max(head - position, 0))
            return true
        }
        if ending == nil {
            position = max(position, head)
        }
        return ending
    }
}
