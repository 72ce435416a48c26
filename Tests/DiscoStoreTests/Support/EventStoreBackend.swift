import DiscoTestSupport
import DiscoStore
import DiscoStorePostgres
import DiscoStoreSQLite
import Foundation

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
            try await RunningStores.postgres(count, configuration: configuration, body)
        }
    }

    /// Separate store instances on one file in a fresh temporary folder, deleted afterwards.
    static let sqlite = EventStoreBackend(description: "SQLite") { count, body in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("disco-test-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = SQLiteEventStore.Configuration(path: folder.appendingPathComponent("disco.sqlite3").path)
        try await RunningStores.with(count, body) { body in
            try await SQLiteEventStore.withStore(configuration: configuration, logger: TestDatabase.logger, body)
        }
    }

    /// Every backend.
    static let all: [EventStoreBackend] = [.postgres, .sqlite]
}

/// Runs several store instances at once, each in its backend's scoped `withStore`.
enum RunningStores {
    static func with<Store: EventStore>(
        _ count: Int,
        _ body: @Sendable ([any EventStore]) async throws -> Void,
        running: [any EventStore] = [],
        scoped withStore: @escaping @Sendable (_ body: (Store) async throws -> Void) async throws -> Void
    ) async throws {
        guard running.count < count else {
            return try await body(running)
        }
        try await withStore { store in
            try await Self.with(count, body, running: running + [store], scoped: withStore)
        }
    }

    /// Runs `count` ``PostgresEventStore`` instances on the database of `configuration`.
    static func postgres(
        _ count: Int,
        configuration: PostgresEventStore.Configuration,
        _ body: @Sendable ([any EventStore]) async throws -> Void
    ) async throws {
        try await Self.with(count, body) { body in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger, body)
        }
    }
}
