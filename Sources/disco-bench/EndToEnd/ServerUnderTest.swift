import DiscoClient
import DiscoServer
import DiscoStorePostgres
import Logging
import NIOCore
import ServiceLifecycle

/// The Disco server the end-to-end workloads talk to: one given with `--server`, or one the tool runs in-process
/// on loopback over a database (client and server then share the machine's cores, as they would with a
/// subprocess).
struct ServerUnderTest: Sendable {
    var address: DiscoClient.Configuration.ServerAddress
    /// The server's wire byte counters; `nil` for a server the tool does not run.
    var wire: WireCounter?

    /// A client configuration for this server.
    func clientConfiguration(compression: Bool, connections: Int = 4) -> DiscoClient.Configuration {
        var configuration = DiscoClient.Configuration(servers: [self.address])
        configuration.clientName = "disco-bench"
        configuration.compression = compression
        configuration.minimumConnections = connections
        configuration.maximumConnections = connections
        return configuration
    }

    /// Runs `body` against a server started in-process over `database`, stopped gracefully afterwards.
    static func withInProcessServer<Result: Sendable>(
        database: PostgresEventStore.Configuration,
        logger: Logger,
        _ body: (ServerUnderTest) async throws -> Result
    ) async throws -> Result {
        var configuration = DiscoServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let wire = WireCounter()
        let store = PostgresEventStore(configuration: database, logger: logger)
        let (addresses, listening) = AsyncStream.makeStream(of: SocketAddress.self)
        let server = DiscoServer(
            configuration: configuration,
            store: store,
            metrics: ServerMetrics(factory: wire),
            logger: logger,
            onListening: { address in
                listening.yield(address)
                listening.finish()
            }
        )
        let services = ServiceGroup(
            configuration: .init(services: [.init(service: store), .init(service: server)], logger: logger)
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { listening.finish() }
                try await services.run()
            }
            var iterator = addresses.makeAsyncIterator()
            guard let address = await iterator.next(), let port = address.port else {
                try await group.waitForAll()
                throw BenchError("the in-process server did not start listening")
            }
            let underTest = ServerUnderTest(address: .init(host: "127.0.0.1", port: port), wire: wire)
            do {
                let result = try await body(underTest)
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}
