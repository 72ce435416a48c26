import Logging
import PostgresNIO

/// Brings the schema up to date once per process, before the first operation that needs it.
///
/// Concurrent first operations share one migration rather than each running their own; after it succeeded,
/// the check costs one actor hop. A failed migration is retried by the next operation.
actor SchemaGate {
    private enum Phase {
        case pending
        case migrating(Task<Void, any Error>)
        case migrated
    }

    private var phase = Phase.pending

    /// Applies the migrations on `connection` unless this process already did; waits for a migration
    /// another operation started.
    func ensureMigrated(on connection: PostgresConnection, logger: Logger) async throws {
        switch self.phase {
        case .migrated:
            return
        case .migrating(let migration):
            try await migration.value
        case .pending:
            let migration = Task { try await Migrations.apply(on: connection, logger: logger) }
            self.phase = .migrating(migration)
            do {
                try await migration.value
                self.phase = .migrated
            } catch {
                self.phase = .pending
                throw error
            }
        }
    }
}
