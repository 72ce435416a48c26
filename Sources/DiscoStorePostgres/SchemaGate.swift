import Logging
import PostgresNIO
import Synchronization

/// Remembers whether this process has brought the schema up to date, so that only the first operations
/// after start-up pay for the check.
final class SchemaGate: Sendable {
    private let migrated = Atomic<Bool>(false)

    /// Applies the migrations on `connection` unless they were applied before.
    func ensureMigrated(on connection: PostgresConnection, logger: Logger) async throws {
        guard !self.migrated.load(ordering: .acquiring) else { return }
        try await Migrations.apply(on: connection, logger: logger)
        self.migrated.store(true, ordering: .releasing)
    }
}
