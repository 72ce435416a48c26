import DiscoProtocol
import Logging
import ServiceLifecycle

/// A client of a Disco event store server: emits events, reads them back, subscribes to new ones and keeps
/// consumer offsets, over a pool of pipelined connections.
///
/// Like `PostgresClient`, the client runs its connections in ``run()``: run it in a task group or a
/// `ServiceGroup`, or use ``withClient(configuration:logger:_:)``, which does both for a scope.
///
/// ```swift
/// try await DiscoClient.withClient(configuration: .init(host: "localhost")) { client in
///     let stored = try await client.emit(NewEvent(type: "greeted", payload: ByteBuffer(string: "hi")))
///     print("stored at offset \(stored.offset)")
/// }
/// ```
///
/// Every operation is safe to call from many tasks at once. Failures are ``DiscoClientError``s; operations retry
/// retriable failures (a lost connection, a server shutting down...) by themselves within
/// ``Configuration-swift.struct/requestTimeout`` — emits included, because every event carries an id and a
/// repeated emit is stored only once.
public final class DiscoClient: Sendable, Service {
    let configuration: Configuration
    let logger: Logger
    let pool: ConnectionPool

    /// Creates a client; it connects once ``run()`` runs.
    public init(configuration: Configuration, logger: Logger = Logger(label: "disco.client")) {
        self.configuration = configuration
        self.logger = logger
        self.pool = ConnectionPool(configuration: configuration, logger: logger)
    }

    /// Runs the connection pool until graceful shutdown or cancellation; then closes every connection, and
    /// operations fail with ``DiscoClientError/Code-swift.struct/clientShutDown``.
    public func run() async {
        await withTaskCancellationOrGracefulShutdownHandler {
            await self.pool.run()
        } onCancelOrGracefulShutdown: {
            self.pool.shutDown()
        }
    }

    /// Runs `body` with a running client, and shuts the client down when `body` returns or throws.
    @discardableResult
    public static func withClient<Result: Sendable>(
        configuration: Configuration,
        logger: Logger = Logger(label: "disco.client"),
        _ body: (DiscoClient) async throws -> Result
    ) async throws -> Result {
        let client = DiscoClient(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Checks that a server answers; returns the round-trip time.
    @discardableResult
    public func ping() async throws -> Duration {
        try await self.withRetries { connection, timeout in
            let start = ContinuousClock.now
            let answer = try await connection.request(.ping(.init(nonce: UInt64(start.hashValue.magnitude))), timeout: timeout)
            guard case .pong = answer else { throw DiscoClientError.unexpectedAnswer(answer) }
            return ContinuousClock.now - start
        }
    }

    /// Runs one attempt of an operation on a pooled connection, retrying retriable failures with back-off until
    /// the request timeout.
    func withRetries<Result>(
        _ attempt: (ClientConnection, Duration) async throws -> Result
    ) async throws -> Result {
        let deadline = ContinuousClock.now + self.configuration.requestTimeout
        let backoff = Backoff(
            minimum: self.configuration.minimumReconnectBackoff,
            maximum: self.configuration.maximumReconnectBackoff
        )
        var retries = 0
        while true {
            do {
                let connection = try await self.pool.lease()
                return try await attempt(connection, deadline - ContinuousClock.now)
            } catch let error as DiscoClientError where error.code.isRetriedAutomatically {
                let delay = backoff.delay(attempt: retries)
                guard ContinuousClock.now + delay < deadline else { throw error }
                self.logger.debug(
                    "retrying",
                    metadata: ["disco_error": "\(error.code)", "disco_retry": "\(retries + 1)"]
                )
                retries += 1
                try await Task.sleep(for: delay)
            }
        }
    }
}
