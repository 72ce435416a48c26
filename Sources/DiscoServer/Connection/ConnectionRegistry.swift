import Synchronization

/// The server's open connections, so that shutdown can reach each of them.
///
/// A connection registered after shutdown began is told to shut down at once.
final class ConnectionRegistry: Sendable {
    private struct State {
        var connections: [Int: ServerConnection] = [:]
        var nextID = 0
        var isShuttingDown = false
    }

    private let state = Mutex(State())

    /// How many connections are open.
    var count: Int {
        self.state.withLock { $0.connections.count }
    }

    /// Registers a connection and returns its key for ``remove(_:)``.
    func add(_ connection: ServerConnection) -> Int {
        let (id, shuttingDown) = self.state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.connections[id] = connection
            return (id, state.isShuttingDown)
        }
        if shuttingDown {
            connection.beginShutdown()
        }
        return id
    }

    /// Forgets a closed connection.
    func remove(_ id: Int) {
        self.state.withLock { _ = $0.connections.removeValue(forKey: id) }
    }

    /// Starts the graceful shutdown of every open connection and of every one opened from now on.
    func shutDownAll() {
        let connections = self.state.withLock { state in
            state.isShuttingDown = true
            return Array(state.connections.values)
        }
        for connection in connections {
            connection.beginShutdown()
        }
    }
}
