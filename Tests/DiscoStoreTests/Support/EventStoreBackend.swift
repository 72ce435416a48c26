import DiscoTestSupport
import DiscoStore
import DiscoStorePostgres

/// A storage backend the contract suite runs against: it hands out fresh, empty stores.
///
/// Every backend must pass every test of the contract suite; a new backend adds itself to ``all``.
struct EventStoreBackend: Sendable, CustomStringConvertible {
    /// The backend's name, shown in test results.
    var description: String

    /// Runs `body` with `count` store instances sharing one fresh, empty database.
    var withFreshStores: @Sendable (_ count: Int, _ body: @Sendable ([any EventStore]) async throws -> Void) async throws -> Void

    /// Runs `body` with one fresh, empty store.
    func withFreshStore(_ body: @escaping @Sendable (any EventStore) async throws -> Void) async throws {
        try await self.withFreshStores(1) { stores in try await body(stores[0]) }
    }

    static let postgres = EventStoreBackend(description: "PostgreSQL") { count, body in
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresStores.with(count, configuration: configuration, body)
        }
    }

    /// Every backend.
    static let all: [EventStoreBackend] = [.postgres]
}

/// Runs several ``PostgresEventStore`` instances on one database.
enum PostgresStores {
    static func with(
        _ count: Int,
        configuration: PostgresEventStore.Configuration,
        _ body: @Sendable ([any EventStore]) async throws -> Void,
        running: [any EventStore] = []
    ) async throws {
        guard running.count < count else {
            return try await body(running)
        }
        try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
            try await Self.with(count, configuration: configuration, body, running: running + [store])
        }
    }
}
