import DiscoStore
import Logging
import PostgresNIO
import Synchronization

/// Leases connections from the store's pool for one operation each, and turns every failure into an
/// ``EventStoreError``.
///
/// The pool keeps retrying to connect while the database is unreachable and lets lease requests wait; an
/// operation here waits at most ``waitTimeout`` for its connection, then fails with
/// ``EventStoreError/Code/storageUnavailable``. Once leased, the operation runs to its end: a statement is
/// never abandoned half-way by a timeout.
struct ConnectionSource: Sendable {
    let client: PostgresClient
    /// Fires once the client's `run()` is starting: leases wait for it (within ``waitTimeout``), as
    /// postgres-nio expects — a lease before `run()` works, but logs a warning.
    let clientStarted: OneShotSignal
    let waitTimeout: Duration
    let schema: SchemaGate
    let logger: Logger

    /// Runs `body` with a leased connection on which the schema is migrated.
    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let lease = LeaseRace()
        do {
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    await self.clientStarted.wait()
                    try Task.checkCancellation()
                    return try await self.client.withConnection { connection in
                        guard lease.claim() else { throw CancellationError() }
                        try await self.schema.ensureMigrated(on: connection, logger: self.logger)
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: self.waitTimeout)
                    guard lease.expire() else { return nil }  // leased in time: let the operation finish
                    throw EventStoreError(
                        .storageUnavailable,
                        reason: "no database connection within \(self.waitTimeout)"
                    )
                }
                while let result = try await group.next() {
                    if let value = result {
                        group.cancelAll()
                        return value
                    }
                }
                throw CancellationError()
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            throw EventStoreError(postgresError: error)
        }
    }
}

/// Decides, once, whether a lease came in time or its wait expired.
private final class LeaseRace: Sendable {
    private enum Phase {
        case waiting
        case leased
        case expired
    }

    private let phase = Mutex(Phase.waiting)

    /// Marks the lease as taken in time; `false` if the wait had already expired.
    func claim() -> Bool {
        self.phase.withLock { phase in
            guard phase == .waiting else { return false }
            phase = .leased
            return true
        }
    }

    /// Marks the wait as expired; `false` if the lease had already been taken.
    func expire() -> Bool {
        self.phase.withLock { phase in
            guard phase == .waiting else { return false }
            phase = .expired
            return true
        }
    }
}
