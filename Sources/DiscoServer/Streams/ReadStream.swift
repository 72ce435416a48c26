import DiscoProtocol
import DiscoStore

/// Serves a bounded read — READ_AFTER, READ_TYPES or READ_AGGREGATE — as a stream of EVENTS frames
/// ended by STREAM_END.
///
/// The read ends at the head of the log as it was when the read started, so a read of "everything"
/// terminates even while events keep arriving. It takes credit before each page it reads from the store,
/// so a client that grants no credit costs one idle task and no store reads.
package struct ReadStream: Sendable {
    /// Which events to read.
    package enum Query: Sendable {
        /// Events after an offset, optionally only of some types (empty: all types).
        case after(offset: Int64, types: [String])
        /// Events of one aggregate from a version on.
        case aggregate(id: String, fromVersion: Int64)
    }

    package var query: Query
    /// The most events to send; `nil` for no limit.
    package var limit: Int?
    package var context: StreamContext

    package init(query: Query, limit: Int?, context: StreamContext) {
        self.query = query
        self.limit = limit
        self.context = context
    }

    /// Runs the read and returns the frame that ends the stream (STREAM_END or ERROR).
    package func run() async throws -> ServerMessage {
        let store = self.context.store
        let headAtStart = try await store.headOffset()
        var position = self.startPosition
        var sender = self.context.makeSender()
        while true {
            let remaining = self.limit.map { $0 - Int(sender.sentCount) } ?? Int.max
            guard remaining > 0 else {
                return self.ending(.limitReached, sender: sender, position: position)
            }
            guard await self.context.credit.take() else {
                return self.context.cancelledEnding(count: sender.sentCount, position: position)
            }
            let wanted = min(self.context.pageSize, remaining)
            let page = try await self.fetch(after: position, limit: wanted)
            let visible = page.prefix { $0.offset <= headAtStart }
            guard !visible.isEmpty else {
                self.context.credit.giveBack()
                return self.ending(.complete, sender: sender, position: position)
            }
            let sent = try await sender.send(visible, credit: self.context.credit)
            if sent > 0 {
                position = self.position(of: visible[visible.startIndex + sent - 1])
            }
            if sent < visible.count {
                return self.context.cancelledEnding(count: sender.sentCount, position: position)
            }
            if page.count < wanted || visible.count < page.count {
                let reachedLimit = self.limit.map { Int(sender.sentCount) >= $0 } ?? false
                return self.ending(reachedLimit ? .limitReached : .complete, sender: sender, position: position)
            }
        }
    }

    private var startPosition: Int64 {
        switch self.query {
        case .after(let offset, _): offset
        case .aggregate(_, let fromVersion): fromVersion - 1
        }
    }

    private func position(of event: RecordedEvent) -> Int64 {
        switch self.query {
        case .after: event.offset
        case .aggregate: event.aggregateVersion ?? 0
        }
    }

    private func fetch(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        switch self.query {
        case .after(_, let types):
            try await self.context.store.events(after: position, types: types, limit: limit)
        case .aggregate(let id, _):
            try await self.context.store.events(forAggregate: id, fromVersion: position + 1, limit: limit)
        }
    }

    private func ending(_ reason: ServerMessage.StreamEnd.Reason, sender: EventFrameSender, position: Int64) -> ServerMessage {
        .streamEnd(.init(reason: reason, eventCount: sender.sentCount, lastPosition: UInt64(max(position, 0))))
    }
}
