import DiscoStore
import DiscoStorePostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server under test: fresh databases, `psql`/`pgbench` runs against them.
struct BenchServer {
    /// The PostgreSQL server's URL (its database is where the fresh databases are created from).
    let url: String
    let logger: Logger

    /// Runs `body` against a new database (schema migrated), dropped afterwards.
    ///
    /// A checkpoint is taken first (where the role may), so that each workload starts with no checkpoint owed:
    /// otherwise the one the previous workloads' WAL made due lands in whichever workload comes next, and its
    /// writes and full-page images are billed to that workload alone.
    func withFreshDatabase<Result>(
        _ body: (PostgresEventStore.Configuration) async throws -> Result
    ) async throws -> Result {
        var server = try PostgresEventStore.Configuration(url: self.url)
        server.tls = .disable
        let name = "disco_bench_\(UInt32.random(in: 0 ... .max))"
        try await self.execute("CREATE DATABASE \(name)", configuration: server)
        var configuration = server
        configuration.database = name
        do {
            try await PostgresEventStore.withStore(configuration: configuration, logger: self.logger) {
                try await $0.migrate()
            }
            try? await self.execute("CHECKPOINT", configuration: server)
            let result = try await body(configuration)
            try await self.execute("DROP DATABASE \(name) WITH (FORCE)", configuration: server)
            return result
        } catch {
            try? await self.execute("DROP DATABASE \(name) WITH (FORCE)", configuration: server)
            throw error
        }
    }

    /// `pg_total_relation_size` of the events table divided by its rows.
    func bytesPerEvent(configuration: PostgresEventStore.Configuration) async throws -> Double {
        let output = try self.psql(
            [
                "-At", "-c",
                "SELECT pg_total_relation_size('disco_events')::float8 / greatest(count(*), 1) FROM disco_events",
            ],
            configuration: configuration
        )
        return Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// How many appends wrote events into the database (`disco_head.appends`): the store's group commits.
    func groupCommits(configuration: PostgresEventStore.Configuration) async throws -> Int {
        let output = try self.psql(["-At", "-c", "SELECT appends FROM disco_head"], configuration: configuration)
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func execute(_ sql: String, configuration: PostgresEventStore.Configuration) async throws {
        _ = try self.psql(["-v", "ON_ERROR_STOP=1", "-q", "-c", sql], configuration: configuration)
    }

    /// Runs `psql` against the database of `configuration`, returning its standard output.
    @discardableResult
    func psql(
        _ arguments: [String],
        configuration: PostgresEventStore.Configuration,
        input: FileHandle? = nil,
        output: FileHandle? = nil
    ) throws -> String {
        try self.run("psql", arguments, configuration: configuration, input: input, output: output)
    }

    /// Runs a PostgreSQL client program with the connection in libpq's environment variables.
    func run(
        _ program: String,
        _ arguments: [String],
        configuration: PostgresEventStore.Configuration,
        input: FileHandle? = nil,
        output: FileHandle? = nil
    ) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = configuration.host
        environment["PGPORT"] = "\(configuration.port)"
        environment["PGUSER"] = configuration.username
        environment["PGDATABASE"] = configuration.database ?? configuration.username
        if let password = configuration.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = output ?? pipe
        if let input { process.standardInput = input }
        try process.run()
        let data = output == nil ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(program) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
