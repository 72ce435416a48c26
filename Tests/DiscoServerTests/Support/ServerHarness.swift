import DiscoServer
import Foundation
import DiscoStorePostgres
import DiscoTestSupport
import Logging
import NIOCore
import ServiceLifecycle

/// A real `DiscoServer` on a loopback port over a real `PostgresEventStore`, for one test.
struct ServerHarness: Sendable {
    /// Where the server listens.
    var address: SocketAddress
    /// The store the server serves (tests may use it directly to check what was stored).
    var store: PostgresEventStore
    /// The database the store uses.
    var database: PostgresEventStore.Configuration
    /// The group running store and server; `triggerGracefulShutdown()` stops them.
    var services: ServiceGroup

    static let logger: Logger = {
        var logger = Logger(label: "disco.server.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["DISCO_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()

    /// Runs `body` against a server over a fresh database.
    static func withServer<Result: Sendable>(
        configure: (inout DiscoServer.Configuration) -> Void = { _ in },
        metrics: ServerMetrics = ServerMetrics(),
        _ body: (ServerHarness) async throws -> Result
    ) async throws -> Result {
        Self.logger.debug("creating database")
        return try await TestDatabase.withFreshDatabase { database in
            Self.logger.debug("database created")
            return try await Self.withServer(database: database, configure: configure, metrics: metrics, body)
        }
    }

    /// Runs `body` against a server over an existing database (several servers may share one).
    static func withServer<Result: Sendable>(
        database: PostgresEventStore.Configuration,
        configure: (inout DiscoServer.Configuration) -> Void = { _ in },
        metrics: ServerMetrics = ServerMetrics(),
        _ body: (ServerHarness) async throws -> Result
    ) async throws -> Result {
        var configuration = DiscoServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configure(&configuration)
        var database = database
        database.maximumConnections = 4
        let store = PostgresEventStore(configuration: database, logger: Self.logger)
        let (addresses, addressContinuation) = AsyncStream.makeStream(of: SocketAddress.self)
        let server = DiscoServer(
            configuration: configuration,
            store: store,
            metrics: metrics,
            logger: Self.logger,
            onListening: { address in
                addressContinuation.yield(address)
                addressContinuation.finish()
            }
        )
        let services = ServiceGroup(
            configuration: .init(services: [.init(service: store), .init(service: server)], logger: Self.logger)
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { addressContinuation.finish() }
                try await services.run()
            }
            var iterator = addresses.makeAsyncIterator()
            guard let address = await iterator.next() else {
                throw WireTestError("the server did not start listening")
            }
            Self.logger.debug("server listening")
            let harness = ServerHarness(address: address, store: store, database: database, services: services)
            do {
                let result = try await body(harness)
                Self.logger.debug("test body done; shutting down")
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                Self.logger.debug("server and store stopped")
                return result
            } catch {
                await services.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}
