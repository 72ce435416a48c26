import DiscoProtocol
import Logging
import Synchronization

/// The client's connections: opens them (with fail-over and back-off), hands them to requests, keeps the
/// minimum open, checks idle ones with `PING`, and closes them all on shutdown.
///
/// Connections are opened by ``run()``'s task group, so ``run()`` must be running for requests to get one.
final class ConnectionPool: Sendable {
    private typealias Waiter = CheckedContinuation<ClientConnection, any Error>

    private let configuration: DiscoClient.Configuration
    private let logger: Logger
    private let state: Mutex<PoolState<ClientConnection, Waiter>>
    private let connectRequests: AsyncStream<Void>
    private let connectRequestsContinuation: AsyncStream<Void>.Continuation
    private let nextConnectionID = Atomic<Int>(1)

    init(configuration: DiscoClient.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(
            PoolState(
                minimum: configuration.minimumConnections,
                maximum: configuration.maximumConnections,
                load: { $0.load },
                isActive: { $0.isActive }
            )
        )
        (self.connectRequests, self.connectRequestsContinuation) = AsyncStream.makeStream()
    }

    /// A connection for one request (the caller pipelines on it).
    func lease() async throws -> ClientConnection {
        switch self.state.withLock({ $0.lease() }) {
        case .use(let connection):
            return connection
        case .useAndConnect(let connection):
            self.connectRequestsContinuation.yield()
            return connection
        case .wait(let connect):
            if connect {
                self.connectRequestsContinuation.yield()
            }
            return try await withCheckedThrowingContinuation { (waiter: Waiter) in
                switch self.state.withLock({ $0.wait(waiter) }) {
                case .use(let connection): waiter.resume(returning: connection)
                case .queued: break
                case .fail: waiter.resume(throwing: Self.shutDownError)
                }
            }
        case .fail:
            throw Self.shutDownError
        }
    }

    /// Opens connections on demand and keeps the pool healthy until shutdown; then closes every connection.
    func run() async {
        await withDiscardingTaskGroup { group in
            for _ in 0..<self.state.withLock({ $0.connectionsToOpen() }) {
                group.addTask { await self.openConnection() }
            }
            group.addTask { await self.checkHealthPeriodically() }
            for await _ in self.connectRequests {
                group.addTask { await self.openConnection() }
            }
            group.cancelAll()
        }
        self.logger.debug("connection pool stopped")
    }

    /// Stops the pool: fails waiting requests, closes every connection, and lets ``run()`` return.
    func shutDown() {
        let (connections, waiters) = self.state.withLock { $0.shutDown() }
        for waiter in waiters {
            waiter.resume(throwing: Self.shutDownError)
        }
        for connection in connections {
            connection.close()
        }
        self.connectRequestsContinuation.finish()
    }

    private static var shutDownError: DiscoClientError {
        DiscoClientError(code: .clientShutDown, message: "the client is shut down")
    }

    private func openConnection() async {
        let connection: ClientConnection
        do {
            connection = try await self.connectToAnyServer()
        } catch {
            let waiters = self.state.withLock { $0.connectFailed() }
            for waiter in waiters {
                waiter.resume(throwing: error)
            }
            return
        }
        guard let waiters = self.state.withLock({ $0.connected(connection) }) else {
            connection.close()
            return
        }
        self.logger.debug(
            "connection opened",
            metadata: [
                "disco_connection": "\(connection.id)", "disco_server": "\(connection.server)",
                "disco_codec": "\(connection.helloOK.codec)", "disco_max_in_flight": "\(connection.helloOK.maxInFlight)",
            ]
        )
        connection.onClose { [self] in
            self.logger.debug("connection closed", metadata: ["disco_connection": "\(connection.id)"])
            let replacements = self.state.withLock { $0.closed(connection) }
            for _ in 0..<replacements {
                self.connectRequestsContinuation.yield()
            }
        }
        for waiter in waiters {
            waiter.resume(returning: connection)
        }
    }

    /// Tries every server in turn, pausing with back-off between rounds, until one accepts or the unreachable
    /// deadline passes.
    private func connectToAnyServer() async throws -> ClientConnection {
        let deadline = ContinuousClock.now + self.configuration.unreachableTimeout
        let backoff = Backoff(
            minimum: self.configuration.minimumReconnectBackoff,
            maximum: self.configuration.maximumReconnectBackoff
        )
        var lastError: (any Error)?
        for attempt in 0... {
            for server in self.configuration.servers {
                let id = self.nextConnectionID.add(1, ordering: .relaxed).oldValue
                do {
                    return try await ClientConnection.connect(
                        id: id,
                        to: server,
                        configuration: self.configuration,
                        logger: self.logger
                    )
                } catch let error as DiscoClientError where !error.isRetriable {
                    self.logger.error("the server refused the handshake", metadata: ["disco_error": "\(error.debugDescription)"])
                    throw error
                } catch {
                    lastError = error
                    self.logger.debug(
                        "cannot connect",
                        metadata: ["disco_server": "\(server)", "disco_error": "\(String(reflecting: error))"]
                    )
                }
            }
            let delay = backoff.delay(attempt: attempt)
            guard ContinuousClock.now + delay < deadline else { break }
            try await Task.sleep(for: delay)
        }
        self.logger.warning(
            "no server reachable",
            metadata: ["disco_servers": "\(self.configuration.servers)", "disco_error": "\(String(reflecting: lastError))"]
        )
        throw DiscoClientError(
            code: .noServerReachable,
            message: "none of \(self.configuration.servers) could be reached within \(self.configuration.unreachableTimeout)",
            underlying: lastError
        )
    }

    /// Pings idle connections every health-check interval; closes the ones that do not answer.
    private func checkHealthPeriodically() async {
        let nonce = Atomic<UInt64>(0)
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: self.configuration.healthCheckInterval)
            } catch {
                return
            }
            let idle = self.state.withLock { $0.connections.filter { $0.load == 0 } }
            for connection in idle {
                do {
                    let ping = ClientMessage.Ping(nonce: nonce.add(1, ordering: .relaxed).newValue)
                    _ = try await connection.request(.ping(ping), timeout: self.configuration.connectTimeout)
                } catch {
                    self.logger.info(
                        "health check failed: closing the connection",
                        metadata: ["disco_connection": "\(connection.id)", "disco_error": "\(String(reflecting: error))"]
                    )
                    connection.close()
                }
            }
        }
    }
}
