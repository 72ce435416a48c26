import Foundation
import DiscoStorePostgres
import Logging
import PostgresNIO

/// Fresh PostgreSQL databases for tests, on the server named by `DISCO_TEST_POSTGRES_URL`.
///
/// Each test gets its own database (created, then dropped), so tests are independent and run in parallel.
/// Without a reachable server the tests fail with a message saying how to start one — they never skip.
public enum TestDatabase {
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    public static let hint = "start PostgreSQL for the tests with 'scripts/with-postgres swift test' (or 'scripts/test')"

    public static let logger: Logger = {
        var logger = Logger(label: "disco.store.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["DISCO_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()

    /// The configuration of the test server's maintenance database.
    public static func serverConfiguration() throws -> PostgresEventStore.Configuration {
        guard let url = ProcessInfo.processInfo.environment["DISCO_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw SetupError(description: "DISCO_TEST_POSTGRES_URL is not set: \(Self.hint)")
        }
        var configuration = try PostgresEventStore.Configuration(url: url)
        configuration.tls = .disable
        configuration.maximumConnections = 8
        configuration.listenerRetryDelay = .milliseconds(100)
        configuration.connectionWaitTimeout = .seconds(30)  // DROP DATABASE checkpoints stall a loaded server
        return configuration
    }

    /// Runs `body` with the configuration of a new, empty database, dropped afterwards.
    public static func withFreshDatabase<Result: Sendable>(
        _ body: (PostgresEventStore.Configuration) async throws -> Result
    ) async throws -> Result {
        let server = try Self.serverConfiguration()
        let name = "disco_test_\(UInt64.random(in: 0 ... .max))"
        do {
            try await Self.execute("CREATE DATABASE \(name)", on: server)
        } catch {
            throw SetupError(description: "CREATE DATABASE failed: \(String(reflecting: error))")
        }
        var configuration = server
        configuration.database = name
        do {
            let result = try await body(configuration)
            try await Self.execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
            return result
        } catch {
            try? await Self.execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
            throw error
        }
    }

    /// Runs one statement on its own connection to the database of `configuration`.
    public static func execute(_ sql: String, on configuration: PostgresEventStore.Configuration) async throws {
        try await Self.withConnection(to: configuration) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
        }
    }

    /// Runs `body` with a plain connection (no store) to the database of `configuration`.
    public static func withConnection<Result>(
        to configuration: PostgresEventStore.Configuration,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: configuration.host,
                    port: configuration.port,
                    username: configuration.username,
                    password: configuration.password,
                    database: configuration.database,
                    tls: .disable
                ),
                id: 0,
                logger: Self.logger
            )
        } catch {
            throw SetupError(
                description: "cannot reach PostgreSQL at \(configuration.host):\(configuration.port) (\(error)): \(Self.hint)"
            )
        }
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
