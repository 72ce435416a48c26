import ArgumentParser
import DiscoServer
import DiscoStore
import DiscoStorePostgres
import DiscoStoreSQLite
import Foundation
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import UnixSignals

/// Runs the server until SIGTERM or SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (the default command).")

    @Option(help: "Address to listen on. [DISCO_HOST]")
    var host = Environment.string("DISCO_HOST", default: "127.0.0.1")

    @Option(help: "TCP port for the protocol; 0 picks a free one. [DISCO_PORT]")
    var port = Environment.int("DISCO_PORT", default: 7766)

    @Option(help: "Write the bound protocol port to this file once listening (useful with --port 0). [DISCO_PORT_FILE]")
    var portFile: String?

    @Option(help: "PostgreSQL URL, e.g. postgres://user:pass@host:5432/db. [DISCO_POSTGRES_URL]")
    var postgresURL: String?

    @Option(help: "Folder of the SQLite database (file disco.sqlite3), used when no PostgreSQL URL is given. [DISCO_DATA_DIR]")
    var dataDir = Environment.string("DISCO_DATA_DIR", default: "./disco-data")

    @Option(help: "Maximum PostgreSQL connections. [DISCO_POSTGRES_POOL_SIZE]")
    var postgresPoolSize = Environment.int("DISCO_POSTGRES_POOL_SIZE", default: 20)

    @Option(
        name: .customLong("auth-token"),
        help: "A token clients must present; repeat for several. None: every client is accepted. [DISCO_AUTH_TOKENS, comma-separated]"
    )
    var authTokens: [String] = Environment.list("DISCO_AUTH_TOKENS")

    @Option(help: "Maximum open client connections. [DISCO_MAX_CONNECTIONS]")
    var maxConnections = Environment.int("DISCO_MAX_CONNECTIONS", default: 1024)

    @Option(help: "Largest frame accepted from a client, in bytes. [DISCO_MAX_FRAME_SIZE]")
    var maxFrameSize = Environment.int("DISCO_MAX_FRAME_SIZE", default: 16 * 1024 * 1024)

    @Option(help: "Requests plus open streams one connection may have in flight. [DISCO_MAX_IN_FLIGHT]")
    var maxInFlight = Environment.int("DISCO_MAX_IN_FLIGHT", default: 256)

    @Option(help: "Most events in one emit. [DISCO_MAX_BATCH_EVENTS]")
    var maxBatchEvents = Environment.int("DISCO_MAX_BATCH_EVENTS", default: 10_000)

    @Option(help: "Seconds a connection with nothing in flight may stay silent before it is closed. [DISCO_IDLE_TIMEOUT]")
    var idleTimeout = Environment.int("DISCO_IDLE_TIMEOUT", default: 300)

    @Option(help: "Events read from the store per page for reads and subscriptions. [DISCO_READ_PAGE_SIZE]")
    var readPageSize = Environment.int("DISCO_READ_PAGE_SIZE", default: 2_000)

    @Option(
        help: "Pages a read after an offset fetches at once from PostgreSQL, each on its own connection. [DISCO_READ_AHEAD]"
    )
    var readAhead = Environment.int("DISCO_READ_AHEAD", default: 2)

    @Option(help: "Address of the HTTP endpoint for /metrics and /health. [DISCO_METRICS_HOST]")
    var metricsHost = Environment.string("DISCO_METRICS_HOST", default: "127.0.0.1")

    @Option(help: "Port of the HTTP endpoint for /metrics and /health; 0 turns it off. [DISCO_METRICS_PORT]")
    var metricsPort = Environment.int("DISCO_METRICS_PORT", default: 7767)

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. [DISCO_LOG_LEVEL]")
    var logLevel = Environment.string("DISCO_LOG_LEVEL", default: "info")

    func validate() throws {
        guard Logger.Level(rawValue: self.logLevel) != nil else {
            throw ValidationError("unknown log level '\(self.logLevel)'")
        }
        guard (0...65535).contains(self.port), (0...65535).contains(self.metricsPort) else {
            throw ValidationError("ports must be between 0 and 65535")
        }
        guard self.maxFrameSize >= 64 * 1024 else {
            throw ValidationError("--max-frame-size must be at least 65536")
        }
        guard self.maxConnections > 0, self.maxInFlight > 0, self.maxBatchEvents > 0, self.readPageSize > 0,
            self.idleTimeout > 0, self.postgresPoolSize > 0, self.readAhead > 0
        else {
            throw ValidationError("limits must be positive")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "disco-server")

        let registry = PrometheusCollectorRegistry()
        let metricsFactory = PrometheusMetricsFactory(registry: registry)
        MetricsSystem.bootstrap(metricsFactory)

        let store = try self.makeStore(logger: logger)
        let portFile = self.portFile ?? Environment.optionalString("DISCO_PORT_FILE")
        let server = DiscoServer(
            configuration: self.serverConfiguration,
            store: store.eventStore,
            metrics: ServerMetrics(factory: metricsFactory),
            logger: logger,
            onListening: { address in
                guard let portFile, let port = address.port else { return }
                try? "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
            }
        )
        var services: [any Service] = [store.service, server]
        if self.metricsPort != 0 {
            services.append(
                OperationsHTTPServer(
                    host: self.metricsHost,
                    port: self.metricsPort,
                    renderMetrics: { registry.emitToString() },
                    checkHealth: { [eventStore = store.eventStore] in
                        (try? await eventStore.headOffset()) != nil
                    },
                    logger: logger
                )
            )
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }

    private var serverConfiguration: DiscoServer.Configuration {
        var configuration = DiscoServer.Configuration()
        configuration.host = self.host
        configuration.port = self.port
        configuration.authTokens = self.authTokens
        configuration.maxConnections = self.maxConnections
        configuration.maxFrameSize = self.maxFrameSize
        configuration.maxInFlightPerConnection = self.maxInFlight
        configuration.maxBatchEvents = self.maxBatchEvents
        configuration.idleTimeout = .seconds(self.idleTimeout)
        configuration.readPageSize = self.readPageSize
        return configuration
    }

    /// PostgreSQL when a URL is given; otherwise SQLite in `--data-dir`, created if missing.
    private func makeStore(logger: Logger) throws -> (eventStore: any EventStore, service: any Service) {
        guard let postgresURL = self.postgresURL ?? Environment.optionalString("DISCO_POSTGRES_URL") else {
            try FileManager.default.createDirectory(atPath: self.dataDir, withIntermediateDirectories: true)
            let path = URL(fileURLWithPath: self.dataDir).appendingPathComponent("disco.sqlite3").path
            let store = SQLiteEventStore(configuration: SQLiteEventStore.Configuration(path: path), logger: logger)
            logger.info("storage: SQLite (no PostgreSQL URL given)", metadata: ["disco_sqlite": "\(path)"])
            return (store, store)
        }
        var configuration = try PostgresEventStore.Configuration(url: postgresURL)
        configuration.maximumConnections = self.postgresPoolSize
        configuration.readAhead = self.readAhead
        let store = PostgresEventStore(configuration: configuration, logger: logger)
        logger.info("storage: PostgreSQL", metadata: ["disco_postgres": "\(configuration.host):\(configuration.port)"])
        return (store, store)
    }
}
