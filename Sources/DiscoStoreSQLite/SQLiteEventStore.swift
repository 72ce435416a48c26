import DiscoStore
import struct Foundation.URL
import Logging
import ServiceLifecycle
import SQLiteNIO
import Synchronization

/// The embedded ``EventStore``: one SQLite database file, written by this process — zero setup, for
/// development, tests and small single-machine deployments. PostgreSQL (`PostgresEventStore`) is the
/// production backend.
///
/// The store opens its connections and does its background work in ``run()``, so run it in a long-lived
/// task or a `ServiceGroup`, or use ``withStore(configuration:logger:_:)`` for a scoped store:
///
/// ```swift
/// let configuration = SQLiteEventStore.Configuration(path: "disco-data/disco.sqlite3")
/// try await SQLiteEventStore.withStore(configuration: configuration, logger: logger) { store in
///     let result = try await store.emit(NewEvent(type: "OrderPlaced", aggregateID: "order-1", payload: body))
/// }
/// ```
///
/// Operations called before ``run()`` has opened the database wait for it. Writes are group-committed by a
/// single writer (see ``Configuration/maximumEventsPerGroup``) and acknowledged only once durably on disk
/// (WAL, `synchronous=FULL`); reads use connections of their own. Several store instances of one process
/// may share a file (each wakes the others' waiters); other processes may write to it too (SQLite's file
/// lock serialises them, so offsets stay gapless), but their commits do not wake this process's waiters.
public final class SQLiteEventStore: EventStore, Service {
    /// The configuration the store was created with.
    public let configuration: Configuration

    private let gate = ConnectionGate()
    private let writer: SQLiteWriter
    private let headWatcher = HeadWatcher()
    private let broadcastPath: String
    private let logger: Logger
    private let started = Atomic<Bool>(false)

    /// Creates a store; nothing is opened until ``run()`` runs.
    ///
    /// - Parameters:
    ///   - configuration: Where the database file is, and the limits of group commits.
    ///   - logger: Receives the store's lifecycle (`debug`) and failures (`info` and above).
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.broadcastPath = URL(fileURLWithPath: configuration.path).standardizedFileURL.path
        self.writer = SQLiteWriter(
            maximumEvents: configuration.maximumEventsPerGroup,
            maximumBytes: configuration.maximumBytesPerGroup,
            logger: logger
        )
    }

    /// Opens the database (creating and migrating it as needed), then runs the group commit writer until the
    /// task is cancelled or the service group shuts down gracefully.
    ///
    /// On shutdown the store stops taking writes (they fail with ``EventStoreError/Code/shutDown``), answers
    /// the group being committed, then closes the database. Call it once.
    ///
    /// - Throws: The error that kept the database from opening.
    public func run() async throws {
        precondition(!self.started.exchange(true, ordering: .relaxed), "SQLiteEventStore.run() called twice")
        let connections: SQLiteConnections
        do {
            connections = try await SQLiteConnections.open(configuration: self.configuration, logger: self.logger)
            self.headWatcher.advance(to: try await SQLiteWriter.head(on: connections.reader).offset)
        } catch {
            let failure = EventStoreError(sqliteError: error)
            self.logger.error("cannot open the SQLite database", metadata: ["disco_path": "\(self.configuration.path)", "disco_error": "\(failure)"])
            self.gate.close(with: failure)
            self.writer.shutDown()
            self.headWatcher.shutDown()
            throw failure
        }
        self.logger.debug("SQLite database open", metadata: ["disco_path": "\(self.configuration.path)"])
        self.gate.open(connections)
        CommitBroadcast.register(self.headWatcher, path: self.broadcastPath)
        // The writer and the closing run in tasks of their own, so that cancelling run() only stops the
        // store: the group being committed still commits and is answered, and the connections still close.
        let writing = Task {
            await self.writer.run(on: connections.writer) { head in
                CommitBroadcast.advance(path: self.broadcastPath, to: head)
            }
        }
        try? await gracefulShutdown()
        self.writer.shutDown()
        await writing.value
        CommitBroadcast.unregister(self.headWatcher, path: self.broadcastPath)
        self.headWatcher.shutDown()
        self.gate.close(with: EventStoreError(.shutDown))
        await Task { await connections.close() }.value
        self.logger.debug("SQLite database closed", metadata: ["disco_path": "\(self.configuration.path)"])
    }

    /// Creates a store, runs it for the duration of `body` (once the database is open), then shuts it down.
    public static func withStore<Result: Sendable>(
        configuration: Configuration,
        logger: Logger,
        _ body: (SQLiteEventStore) async throws -> Result
    ) async throws -> Result {
        let store = SQLiteEventStore(configuration: configuration, logger: logger)
        return try await SQLiteEventStore.withRunning(
            store,
            run: { try await store.run() },
            migrate: { try await store.migrate() },
            body
        )
    }

    /// Waits until ``run()`` has opened the database and migrated its schema; throws what kept it from
    /// opening.
    public func migrate() async throws {
        _ = try await self.gate.connections()
    }

    // MARK: EventStore

    public func emit(_ request: EmitRequest) async throws -> EmitResult {
        try request.validate()
        _ = try await self.gate.connections()
        guard case .emitted(let result) = try await self.writer.submit(.emit(request)) else {
            throw EventStoreError(.storageFailure, reason: "the writer answered an emit with another outcome")
        }
        return result
    }

    public func events(forAggregate aggregateID: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent] {
        try EventStoreArguments.checkAggregateRead(aggregateID, limit: limit)
        return try await self.readEvents(
            "WHERE aggregate_id = ? AND aggregate_version >= ? ORDER BY aggregate_version LIMIT ?",
            [.text(aggregateID), .integer(Int(fromVersion)), .integer(limit)]
        )
    }

    public func events(after offset: Int64, types: [String], limit: Int) async throws -> [RecordedEvent] {
        let distinctTypes = try EventStoreArguments.checkTypedRead(types: types, limit: limit)
        let typeFilter =
            distinctTypes.isEmpty
            ? "" : " AND type IN (\(Array(repeating: "?", count: distinctTypes.count).joined(separator: ", ")))"
        return try await self.readEvents(
            #"WHERE "offset" > ?\#(typeFilter) ORDER BY "offset" LIMIT ?"#,
            [.integer(Int(offset))] + distinctTypes.map { .text($0) } + [.integer(limit)]
        )
    }

    public func headOffset() async throws -> Int64 {
        let head = try await self.withReader { try await SQLiteWriter.head(on: $0).offset }
        self.headWatcher.advance(to: head)
        return head
    }

    public func waitForEvents(after offset: Int64) async throws -> Int64 {
        try await self.headWatcher.wait(after: offset)
    }

    public func consumerOffset(_ name: String) async throws -> ConsumerOffset {
        try EventStoreArguments.checkConsumerName(name)
        return try await self.withReader { try await ConsumerOffsetStatements.offset(of: name, on: $0) }
    }

    public func updateConsumerOffset(_ name: String, to offset: Int64, expected: Int64?) async throws {
        try EventStoreArguments.checkConsumerUpdate(name, offset: offset, expected: expected)
        _ = try await self.gate.connections()
        _ = try await self.writer.submit(.consumer(.update(name: name, offset: offset, expected: expected)))
    }

    public func resetConsumerOffset(_ name: String) async throws {
        try EventStoreArguments.checkConsumerName(name)
        _ = try await self.gate.connections()
        _ = try await self.writer.submit(.consumer(.reset(name: name)))
    }

    // MARK: Helpers

    private func readEvents(_ clauses: String, _ binds: [SQLiteData]) async throws -> [RecordedEvent] {
        try await self.withReader { connection in
            try await connection.query("SELECT \(RecordedEvent.sqliteColumns) FROM disco_events \(clauses)", binds)
                .map(RecordedEvent.init(row:))
        }
    }

    private func withReader<Result>(_ body: (SQLiteConnection) async throws -> Result) async throws -> Result {
        let connections = try await self.gate.connections()
        do {
            return try await body(connections.reader)
        } catch {
            throw EventStoreError(sqliteError: error)
        }
    }
}
