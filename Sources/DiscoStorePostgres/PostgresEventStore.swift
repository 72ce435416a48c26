import DiscoStore
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The PostgreSQL ``EventStore``: commit-ordered gapless offsets, group commit, idempotent emits, consumer
/// offsets and change notifications shared by every process on the database.
///
/// Like `PostgresClient`, the store does its background work in ``run()`` — the connection pool, the group
/// commit writer and the commit listener — so run it in a long-lived task or a `ServiceGroup`, or use
/// ``withStore(configuration:logger:_:)`` for a scoped store:
///
/// ```swift
/// let configuration = try PostgresEventStore.Configuration(url: "postgres://disco@localhost/disco")
/// try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
///     let result = try await store.emit(NewEvent(type: "OrderPlaced", aggregateID: "order-1", payload: body))
/// }
/// ```
///
/// The schema is migrated by the first operation (and by ``migrate()``); every operation fails with
/// ``EventStoreError/Code/storageUnavailable`` when no connection could be had within
/// ``Configuration/connectionWaitTimeout``, while the pool keeps trying to reconnect.
public final class PostgresEventStore: EventStore, Service {
    /// The configuration the store was created with.
    public let configuration: Configuration

    private let client: PostgresClient
    private let clientStarted = OneShotSignal()
    private let connections: ConnectionSource
    private let headWatcher: HeadWatcher
    private let appender: GroupCommitAppender
    private let listener: HeadListener
    private let logger: Logger
    private let started = Atomic<Bool>(false)

    /// Creates a store; nothing connects until ``run()`` runs.
    ///
    /// - Parameters:
    ///   - configuration: Where the database is, and the limits of group commits.
    ///   - logger: Receives the store's connection lifecycle (`debug`) and failures (`info` and above).
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        self.connections = ConnectionSource(
            client: self.client,
            clientStarted: self.clientStarted,
            waitTimeout: configuration.connectionWaitTimeout,
            schema: SchemaGate(),
            logger: logger
        )
        self.headWatcher = HeadWatcher()
        self.appender = GroupCommitAppender(
            connections: self.connections,
            headWatcher: self.headWatcher,
            maximumEvents: configuration.maximumEventsPerGroup,
            maximumBytes: configuration.maximumBytesPerGroup,
            logger: logger
        )
        self.listener = HeadListener(
            connections: self.connections,
            watcher: self.headWatcher,
            retryDelay: configuration.listenerRetryDelay,
            logger: logger
        )
    }

    /// How many group commits took the staged path, and how many of those were refused there (and
    /// committed on the locked path); for tests and diagnostics.
    var stagedAppends: (committed: Int, refused: Int) {
        (self.appender.stagedCommits.load(ordering: .relaxed), self.appender.stagedRefusals.load(ordering: .relaxed))
    }

    /// Runs the connection pool, the group commit writer and the commit listener until the task is cancelled
    /// or the service group shuts down gracefully.
    ///
    /// On shutdown the store stops taking emits (they fail with ``EventStoreError/Code/shutDown``), answers
    /// the group being committed, then closes its connections. Call it once.
    public func run() async throws {
        precondition(!self.started.exchange(true, ordering: .relaxed), "PostgresEventStore.run() called twice")
        // Stop in order: the writer (answering its last group), then the listener, and only then the client
        // whose connections both use.
        await withTaskGroup(of: Void.self) { client in
            client.addTask { await self.runClient() }
            await withTaskGroup(of: Void.self) { listener in
                listener.addTask { await self.listener.run() }
                await withTaskGroup(of: Void.self) { writer in
                    writer.addTask { await self.appender.run() }
                    writer.addTask {
                        try? await gracefulShutdown()
                        self.appender.shutDown()
                    }
                    await writer.waitForAll()
                }
                self.headWatcher.shutDown()
                listener.cancelAll()
            }
            client.cancelAll()
        }
    }

    /// Runs the postgres-nio client in a detached task, so that it does not see the service group's graceful
    /// shutdown (which would close the pool at once): the store cancels it itself, after its last commit.
    private func runClient() async {
        let client = self.client
        let started = self.clientStarted
        let task = Task.detached {
            started.fire()
            await client.run()
        }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Creates a store, runs it for the duration of `body` (after applying the migrations), then shuts it down.
    public static func withStore<Result: Sendable>(
        configuration: Configuration,
        logger: Logger,
        _ body: (PostgresEventStore) async throws -> Result
    ) async throws -> Result {
        let store = PostgresEventStore(configuration: configuration, logger: logger)
        return try await PostgresEventStore.withRunning(
            store,
            run: { try await store.run() },
            migrate: { try await store.migrate() },
            body
        )
    }

    /// Creates or upgrades the schema (``Schema``) to this build's version; safe to call from several
    /// processes at once. Operations migrate on first use anyway; call this to fail early.
    public func migrate() async throws {
        try await self.connections.withConnection { _ in }
    }

    // MARK: EventStore

    public func emit(_ request: EmitRequest) async throws -> EmitResult {
        try request.validate()
        return try await self.appender.append(request)
    }

    public func events(forAggregate aggregateID: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent] {
        try EventStoreArguments.checkAggregateRead(aggregateID, limit: limit)
        let query = EventReader.aggregateQuery(aggregateID, fromVersion: fromVersion, limit: limit)
        return try await self.read(query, expecting: limit)
    }

    public func events(after offset: Int64, types: [String], limit: Int) async throws -> [RecordedEvent] {
        let distinctTypes = try EventStoreArguments.checkTypedRead(types: types, limit: limit)
        let query =
            distinctTypes.isEmpty
            ? EventReader.afterQuery(offset, limit: limit)
            : EventReader.afterQuery(offset, types: distinctTypes, limit: limit)
        return try await self.read(query, expecting: limit)
    }

    /// Reads the range a page at a time; without `types`, ``Configuration/readAhead`` pages at once, each a
    /// window of `pageSize` offsets on its own connection (``OffsetWindowReader``), handed to `consume` in
    /// order. With `types`, page after page, as ``events(after:types:limit:)`` pages.
    public func readEvents(
        after offset: Int64,
        through end: Int64?,
        types: [String],
        pageSize: Int,
        _ consume: ([RecordedEvent]) async throws -> Bool
    ) async throws {
        let distinctTypes = try EventStoreArguments.checkTypedRead(types: types, limit: pageSize)
        let last = try await EventRange.lastOffset(requested: end, knownHead: self.headWatcher.head, store: self)
        guard distinctTypes.isEmpty else {
            return try await EventRange.readPageByPage(
                from: self,
                after: offset,
                through: last,
                types: distinctTypes,
                pageSize: pageSize,
                consume
            )
        }
        let reader = OffsetWindowReader(
            after: max(offset, 0),
            last: last,
            pageSize: pageSize,
            windowsAtOnce: max(self.configuration.readAhead, 1)
        ) { from, through in
            try await self.read(EventReader.windowQuery(after: from, through: through), expecting: Int(through - from))
        }
        try await reader.run(consume)
    }

    public func headOffset() async throws -> Int64 {
        let logger = self.logger
        let head = try await self.connections.withConnection { connection in
            try await HeadListener.readHead(on: connection, logger: logger)
        }
        self.headWatcher.advance(to: head)
        return head
    }

    public func waitForEvents(after offset: Int64) async throws -> Int64 {
        try await self.headWatcher.wait(after: offset)
    }

    public func consumerOffset(_ name: String) async throws -> ConsumerOffset {
        try EventStoreArguments.checkConsumerName(name)
        let logger = self.logger
        return try await self.connections.withConnection { connection in
            try await ConsumerOffsetQueries.offset(of: name, on: connection, logger: logger)
        }
    }

    public func updateConsumerOffset(_ name: String, to offset: Int64, expected: Int64?) async throws {
        try EventStoreArguments.checkConsumerUpdate(name, offset: offset, expected: expected)
        let logger = self.logger
        try await self.connections.withConnection { connection in
            try await ConsumerOffsetQueries.update(name, to: offset, expected: expected, on: connection, logger: logger)
        }
    }

    public func resetConsumerOffset(_ name: String) async throws {
        try EventStoreArguments.checkConsumerName(name)
        let logger = self.logger
        try await self.connections.withConnection { connection in
            try await ConsumerOffsetQueries.reset(name, on: connection, logger: logger)
        }
    }

    // MARK: Helpers

    private func read(_ query: PostgresQuery, expecting capacity: Int) async throws -> [RecordedEvent] {
        let logger = self.logger
        return try await self.connections.withConnection { connection in
            try await EventReader.read(query, on: connection, expecting: capacity, logger: logger)
        }
    }
}

