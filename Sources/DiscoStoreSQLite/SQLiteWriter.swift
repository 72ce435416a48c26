import DiscoStore
import struct Foundation.UUID
import Logging
import NIOCore
import SQLiteNIO

/// Group commit the SQLite way: a single writer on a single connection takes every queued write (emits and
/// consumer offset changes) into one transaction, decides each on its own (see ``GroupPlan``), commits, and
/// only then answers the callers.
///
/// The transaction starts with `BEGIN IMMEDIATE`, taking the file's write lock before reading the head, so
/// offsets are numbered by the only writer there is: gapless and in commit order, even with other store
/// instances or processes on the file. A rejected emit writes nothing: rejections are decided before any
/// statement of the group is written. A database error fails the whole group (rolled back): the callers
/// get ``EventStoreError/Code/storageUnavailable`` or ``EventStoreError/Code/storageFailure``, never silence.
final class SQLiteWriter: Sendable {
    /// A write the writer does.
    enum Operation: Sendable {
        case emit(EmitRequest)
        case consumer(ConsumerWrite)
    }

    /// The outcome of an ``Operation``.
    enum Outcome: Sendable {
        case emitted(EmitResult)
        case consumerWritten
    }

    private typealias Pending = WriteQueue<Operation, Outcome>.Pending

    /// The most rows (or ids) one statement binds: 8 columns × 500 stays far below SQLite's limit of 32,766
    /// variables.
    private static let rowsPerStatement = 500

    private let queue = WriteQueue<Operation, Outcome>()
    private let maximumEvents: Int
    private let maximumBytes: Int
    private let logger: Logger

    init(maximumEvents: Int, maximumBytes: Int, logger: Logger) {
        self.maximumEvents = maximumEvents
        self.maximumBytes = maximumBytes
        self.logger = logger
    }

    /// Queues a validated write and returns its outcome once its group committed.
    func submit(_ operation: Operation) async throws -> Outcome {
        try await self.queue.submit(operation)
    }

    /// The writer loop: commits groups on `connection` until ``shutDown()``, calling `committed` with the
    /// new head after each commit that wrote events.
    func run(on connection: SQLiteConnection, committed: (Int64) -> Void) async {
        while true {
            var events = 0
            var bytes = 0
            let taken = await self.queue.next { operation in
                guard case .emit(let request) = operation else { return true }
                let isFirst = events == 0
                events += request.events.count
                bytes += request.events.reduce(0) { $0 + $1.payload.readableBytes + $1.meta.readableBytes }
                return isFirst || (events <= self.maximumEvents && bytes <= self.maximumBytes)
            }
            guard let group = taken else { return }
            if let head = await self.commit(group, on: connection) {
                committed(head)
            }
        }
    }

    /// Stops taking writes: new and queued ones fail with ``EventStoreError/Code/shutDown``; the group being
    /// committed is still answered.
    func shutDown() {
        self.queue.shutDown()
    }

    /// Commits one group and answers its callers; returns the new head if events were written.
    private func commit(_ group: [Pending], on connection: SQLiteConnection) async -> Int64? {
        do {
            _ = try await connection.query("BEGIN IMMEDIATE", [])
            do {
                let (outcomes, head) = try await self.write(group.map(\.operation), on: connection)
                _ = try await connection.query("COMMIT", [])
                for (outcome, pending) in zip(outcomes, group) {
                    pending.resume(with: outcome)
                }
                return head
            } catch {
                _ = try? await connection.query("ROLLBACK", [])
                throw error
            }
        } catch {
            let failure = EventStoreError(sqliteError: error)
            self.logger.info(
                "group commit failed",
                metadata: ["disco_writes": "\(group.count)", "disco_error": "\(failure.code)"]
            )
            for pending in group {
                pending.resume(throwing: failure)
            }
            return nil
        }
    }

    /// Decides and writes the group's operations inside the open transaction.
    private func write(
        _ operations: [Operation],
        on connection: SQLiteConnection
    ) async throws -> ([Result<Outcome, EventStoreError>], Int64?) {
        let requests = operations.compactMap { if case .emit(let request) = $0 { request } else { nil } }
        let head = try await Self.head(on: connection)
        var plan = GroupPlan(
            head: head.offset,
            emittedAt: max(EventTimestamp.now, head.emittedAt),
            stored: try await Self.storedEvents(sharingIDsWith: requests, on: connection),
            versions: try await Self.versions(of: requests, on: connection)
        )
        var outcomes: [Result<Outcome, EventStoreError>] = []
        outcomes.reserveCapacity(operations.count)
        for operation in operations {
            switch operation {
            case .emit(let request):
                outcomes.append(plan.add(request).map(Outcome.emitted))
            case .consumer(let write):
                outcomes.append(try await ConsumerOffsetStatements.apply(write, on: connection).map { .consumerWritten })
            }
        }
        guard plan.head > head.offset, let last = plan.rows.last else {
            return (outcomes, nil)
        }
        for start in stride(from: 0, to: plan.rows.count, by: Self.rowsPerStatement) {
            try await Self.insert(plan.rows[start..<min(start + Self.rowsPerStatement, plan.rows.count)], on: connection)
        }
        _ = try await connection.query(
            #"UPDATE disco_head SET "offset" = ?, emitted_at = ?"#,
            [.integer(Int(plan.head)), .integer(Int(last.emittedAt.microsecondsSinceEpoch))]
        )
        return (outcomes, plan.head)
    }

    /// The stored head offset and the `emitted_at` of its event.
    static func head(on connection: SQLiteConnection) async throws -> (offset: Int64, emittedAt: EventTimestamp) {
        let rows = try await connection.query(#"SELECT "offset", emitted_at FROM disco_head"#, [])
        guard let offset = rows.first?.column("offset")?.integer, let at = rows.first?.column("emitted_at")?.integer else {
            throw EventStoreError(.storageFailure, reason: "disco_head has no row")
        }
        return (Int64(offset), EventTimestamp(microsecondsSinceEpoch: Int64(at)))
    }

    /// The stored events with an id of `requests`. Ids are time-ordered (UUIDv7) in the common case: an emit
    /// whose smallest id is above the largest stored id cannot be a retry, and is not looked up.
    private static func storedEvents(
        sharingIDsWith requests: [EmitRequest],
        on connection: SQLiteConnection
    ) async throws -> [UUID: RecordedEvent] {
        let rows = try await connection.query("SELECT max(id) AS id FROM disco_events", [])
        guard let largest = rows.first?.column("id").flatMap(UUID.init(sqliteData:)) else {
            return [:]
        }
        let candidates = requests.filter { request in
            request.events.contains { !largest.isOrdered(before: $0.id) }
        }.flatMap { $0.events.map(\.id) }
        var stored: [UUID: RecordedEvent] = [:]
        for start in stride(from: 0, to: candidates.count, by: Self.rowsPerStatement) {
            let ids = candidates[start..<min(start + Self.rowsPerStatement, candidates.count)]
            let found = try await connection.query(
                "SELECT \(RecordedEvent.sqliteColumns) FROM disco_events WHERE id IN (\(Self.placeholders(ids.count)))",
                ids.map(\.sqliteData)
            )
            for row in found {
                let event = try RecordedEvent(row: row)
                stored[event.id] = event
            }
        }
        return stored
    }

    /// The current version of every aggregate that the events or expectations of `requests` name.
    private static func versions(of requests: [EmitRequest], on connection: SQLiteConnection) async throws -> [String: Int64] {
        var names = Set<String>()
        for request in requests {
            names.formUnion(request.events.compactMap(\.aggregateID))
            names.formUnion(request.expectedVersions.keys)
        }
        let aggregates = Array(names)
        var versions: [String: Int64] = [:]
        for start in stride(from: 0, to: aggregates.count, by: Self.rowsPerStatement) {
            let chunk = aggregates[start..<min(start + Self.rowsPerStatement, aggregates.count)]
            let rows = try await connection.query(
                """
                WITH wanted(id) AS (VALUES \(Array(repeating: "(?)", count: chunk.count).joined(separator: ", ")))
                SELECT wanted.id AS aggregate_id,
                       (SELECT max(aggregate_version) FROM disco_events WHERE aggregate_id = wanted.id) AS version
                FROM wanted
                """,
                chunk.map { .text($0) }
            )
            for row in rows {
                guard let name = row.column("aggregate_id")?.string else {
                    throw EventStoreError(.storageFailure, reason: "malformed aggregate version row")
                }
                versions[name] = row.column("version")?.integer.map(Int64.init) ?? 0
            }
        }
        return versions
    }

    private static func insert(_ rows: ArraySlice<RecordedEvent>, on connection: SQLiteConnection) async throws {
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * 8)
        for row in rows {
            binds.append(.integer(Int(row.offset)))
            binds.append(row.id.sqliteData)
            binds.append(.text(row.type))
            binds.append(row.aggregateID.map { .text($0) } ?? .null)
            binds.append(row.aggregateVersion.map { .integer(Int($0)) } ?? .null)
            binds.append(.integer(Int(row.emittedAt.microsecondsSinceEpoch)))
            binds.append(.blob(row.payload))
            binds.append(.blob(row.meta))
        }
        // An empty ByteBuffer may bind as NULL (a null pointer): ifnull stores it as the empty blob it is.
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ifnull(?, x''), ifnull(?, x''))", count: rows.count)
        _ = try await connection.query(
            "INSERT INTO disco_events (\(RecordedEvent.sqliteColumns)) VALUES \(values.joined(separator: ", "))",
            binds
        )
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
