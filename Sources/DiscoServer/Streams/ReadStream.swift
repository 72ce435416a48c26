import DiscoProtocol
import DiscoStore

/// Serves a bounded read — READ_AFTER, READ_TYPES or READ_AGGREGATE — as a stream of EVENTS frames
/// ended by STREAM_END.
///
/// The read ends at the head of the log as it was when the read started, so a read of "everything"
/// terminates even while events keep arriving. It takes credit before each page it sends. A read by
/// aggregate also takes it before each page it reads from the store; a read after an offset uses the
/// store's range read, which may read a few pages ahead (the PostgreSQL store's `readAhead`, 2 by default)
/// so that reading the next pages overlaps with sending this one: a client that grants no credit holds at
/// most those pages, then costs one idle task.
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
        let headAtStart = try await self.context.store.headOffset()
        switch self.query {
        case .after(let offset, let types):
            return try await self.readAfter(offset, types: types, through: headAtStart)
        case .aggregate(let id, let fromVersion):
            return try await self.readAggregate(id, fromVersion: fromVersion, through: headAtStart)
        }
    }

    /// Reads with the store's range read (``EventStore/readEvents(after:through:types:pageSize:_:)``), which
    /// may read a few pages ahead of the client's credit.
    private func readAfter(_ offset: Int64, types: [String], through headAtStart: Int64) async throws -> ServerMessage {
        var position = offset
        var sender = self.context.makeSender()
        guard self.limit != 0 else {
            return self.ending(.limitReached, sender: sender, position: position)
        }
        var ending: ServerMessage?
        let pageSize = min(self.context.pageSize, self.limit ?? Int.max)
        try await self.context.store.readEvents(
            after: offset,
            through: headAtStart,
            types: types,
            pageSize: pageSize
        ) { page in
            let remaining = self.limit.map { $0 - Int(sender.sentCount) } ?? Int.max
            guard await self.context.credit.take() else {
                ending = self.context.cancelledEnding(count: sender.sentCount, position: position)
                return false
            }
            let batch = page.prefix(remaining)
            guard try await sender.send(batch, credit: self.context.credit, advancing: &position) else {
                ending = self.context.cancelledEnding(count: sender.sentCount, position: position)
                return false
            }
            if let limit = self.limit, Int(sender.sentCount) >= limit {
                ending = self.ending(.limitReached, sender: sender, position: position)
                return false
            }
            return true
        }
        return ending ?? self.ending(.complete, sender: sender, position: position)
    }

    /// Reads page after page, taking credit before each; the position is the aggregate version.
    private func readAggregate(
        _ id: String,
        fromVersion: Int64,
        through headAtStart: Int64
    ) async throws -> ServerMessage {
        var position = fromVersion - 1
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
            let page = try await self.context.store.events(forAggregate: id, fromVersion: position + 1, limit: wanted)
            let visible = page.prefix { $0.offset <= headAtStart }
            guard !visible.isEmpty else {
                self.context.credit.giveBack()
                return self.ending(.complete, sender: sender, position: position)
            }
            let sent = try await sender.send(visible, credit: self.context.credit)
            if sent > 0 {
                position = visible[visible.startIndex + sent - 1].aggregateVersion ?? position
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

    private func ending(_ reason: ServerMessage.StreamEnd.Reason, sender: EventFrameSender, position: Int64) -> ServerMessage {
        .streamEnd(.init(reason: reason, eventCount: sender.sentCount, lastPosition: UInt64(max(position, 0))))
    }
}
