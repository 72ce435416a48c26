import DiscoStore
import Synchronization

/// Hands out the store's connections once ``SQLiteEventStore/run()`` has opened them: callers that come
/// earlier wait; after the store closed (or failed to open), they fail.
final class ConnectionGate: Sendable {
    private enum State {
        case opening([CheckedContinuation<SQLiteConnections, any Error>])
        case open(SQLiteConnections)
        case closed(EventStoreError)
    }

    private let state = Mutex(State.opening([]))

    /// The open connections, waiting for them if need be.
    func connections() async throws -> SQLiteConnections {
        try await withCheckedThrowingContinuation { continuation in
            let ready = self.state.withLock { state -> Result<SQLiteConnections, EventStoreError>? in
                switch state {
                case .opening(var waiters):
                    waiters.append(continuation)
                    state = .opening(waiters)
                    return nil
                case .open(let connections):
                    return .success(connections)
                case .closed(let error):
                    return .failure(error)
                }
            }
            if let ready {
                continuation.resume(with: ready)
            }
        }
    }

    /// Lets every caller, waiting or to come, have `connections`.
    func open(_ connections: SQLiteConnections) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<SQLiteConnections, any Error>] in
            guard case .opening(let waiters) = state else { return [] }
            state = .open(connections)
            return waiters
        }
        for waiter in waiters {
            waiter.resume(returning: connections)
        }
    }

    /// Fails every caller, waiting or to come, with `error`.
    func close(with error: EventStoreError) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<SQLiteConnections, any Error>] in
            defer { state = .closed(error) }
            guard case .opening(let waiters) = state else { return [] }
            return waiters
        }
        for waiter in waiters {
            waiter.resume(throwing: error)
        }
    }
}
