import DiscoServer
import DiscoStorePostgres
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// A real `DiscoServer` on a loopback port over a real `PostgresEventStore`, for one test.
package struct ServerHarness: Sendable {
    /// Where the server listens.
    package var address: SocketAddress
    /// The store the server serves (tests may use it directly to check what was stored).
    package var store: PostgresEventStore
    /// The database the store uses.
    package var database: PostgresEventStore.Configuration
    /// The group running store and server; `triggerGracefulShutdown()` stops them.
    package var services: ServiceGroup

    package static let logger: Logger = {
        var logger = Logger(label: "disco.server.tests")
        logger.logLevel =
            ProcessInfo.processInfo.environment["DISCO_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            ?? .warning
        return logger
    }()

    /// Runs `body` against a server over a fresh database.
    package static func withServer<Result: Sendable>(
        configure: (inout DiscoServer.Configuration) -> Void = { _ in },
        metrics: ServerMetrics = ServerMetrics(),
        _ body: (ServerHarness) async throws -> Result
    ) async throws -> Result {
        try await TestDatabase.withFreshDatabase { database in
            try await Self.withServer(database: database, configure: configure, metrics: metrics, body)
        }
    }

    /// Runs `body` against a server over an existing database (several servers may share one).
    package static func withServer<Result: Sendable>(
        database: PostgresEventStore.Configuration,
        port: Int = 0,
        configure: (inout DiscoServer.Configuration) -> Void = { _ in },
        metrics: ServerMetrics = ServerMetrics(),
        _ body: (ServerHarness) async throws -> Result
    ) async throws -> Result {
        let server = try await RunningServer.start(
            database: database,
            port: port,
            configure: configure,
            metrics: metrics
        )
        do {
            let result = try await body(server.harness)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }
}

/// A server started for a test that the test stops (gracefully or not) whenever it wants — to restart one on
/// the same port and database, or to kill one in the middle of traffic.
package final class RunningServer: Sendable {
    /// The server's address, store, database and services.
    package let harness: ServerHarness
    private let task: Task<Void, any Error>

    private init(harness: ServerHarness, task: Task<Void, any Error>) {
        self.harness = harness
        self.task = task
    }

    /// Where the server listens.
    package var address: SocketAddress { self.harness.address }

    /// The port the server listens on.
    package var port: Int { self.harness.address.port ?? 0 }

    /// Starts a server (and its store) over `database`, listening on `port` (0 picks a free one).
    package static func start(
        database: PostgresEventStore.Configuration,
        port: Int = 0,
        configure: (inout DiscoServer.Configuration) -> Void = { _ in },
        metrics: ServerMetrics = ServerMetrics()
    ) async throws -> RunningServer {
        var configuration = DiscoServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configure(&configuration)
        var database = database
        database.maximumConnections = 4
        let logger = ServerHarness.logger
        let store = PostgresEventStore(configuration: database, logger: logger)
        let (addresses, addressContinuation) = AsyncStream.makeStream(of: SocketAddress.self)
        let server = DiscoServer(
            configuration: configuration,
            store: store,
            metrics: metrics,
            logger: logger,
            onListening: { address in
                addressContinuation.yield(address)
                addressContinuation.finish()
            }
        )
        let services = ServiceGroup(
            configuration: .init(services: [.init(service: store), .init(service: server)], logger: logger)
        )
        let task = Task {
            defer { addressContinuation.finish() }
            try await services.run()
        }
        var iterator = addresses.makeAsyncIterator()
        guard let address = await iterator.next() else {
            let failure = await task.result
            throw HarnessError("the server did not start listening: \(failure)")
        }
        let harness = ServerHarness(address: address, store: store, database: database, services: services)
        return RunningServer(harness: harness, task: task)
    }

    /// Shuts the server down gracefully and waits until it stopped.
    package func stop() async throws {
        await self.harness.services.triggerGracefulShutdown()
        try await self.task.value
    }

    /// Stops the server abruptly: its task is cancelled, connections close without a goodbye.
    package func kill() async {
        self.task.cancel()
        _ = await self.task.result
    }
}

/// A test harness could not do what a test asked.
package struct HarnessError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
