import DiscoStore
import DiscoStorePostgres
import Foundation
import Logging

/// `disco-store-bench`: the store's throughput against raw PostgreSQL loads of the same rows into the same
/// schema, measured in one run on one server. Each workload and baseline gets a fresh database.
///
///     DISCO_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
///         .build/release/disco-store-bench [--quick]
///
/// (`DISCO_TEST_POSTGRES_URL` is used when `DISCO_BENCH_POSTGRES_URL` is not set; `psql` and `pgbench` must
/// be on the PATH.)
@main
struct StoreBench {
    static func main() async throws {
        try await Self.run()
    }

    private nonisolated static func run() async throws {
        let settings = try BenchSettings(
            arguments: CommandLine.arguments,
            environment: ProcessInfo.processInfo.environment
        )
        var logger = Logger(label: "disco.store.bench")
        logger.logLevel = .warning
        let server = BenchServer(settings: settings, logger: logger)
        var report = BenchReport(settings: settings)
        if settings.runs("batched") || settings.runs("read") {
            try await Self.measureBatchedAndReads(settings: settings, server: server, logger: logger, into: &report)
        }
        if settings.runs("single") {
            try await Self.measureSingleEmits(settings: settings, server: server, logger: logger, into: &report)
        }
        print(report.text)
    }

    /// (a) batched emits and their raw baselines with the same rows, and (c) reads of what (a) wrote.
    private nonisolated static func measureBatchedAndReads(
        settings: BenchSettings,
        server: BenchServer,
        logger: Logger,
        into report: inout BenchReport
    ) async throws {
        let batches = BenchEvents.batches(count: settings.batchedEmits, size: settings.eventsPerBatch)
        report = try await server.withFreshDatabase { [report] configuration in
            var report = report
            report.batched = try await BatchedEmits(batches: batches, callers: settings.batchedCallers)
                .run(configuration: configuration, logger: logger)
            report.bytesPerEvent = try await server.bytesPerEvent(configuration: configuration)
            report.storeRead = try await ReadAll(pageSize: settings.readPageSize)
                .run(configuration: configuration, logger: logger)
            report.copyToBinary = try await PsqlCopyTo().run(server: server, configuration: configuration)
            return report
        }
        guard settings.runs("batched") else { return }
        report.unnestInsert = try await server.withFreshDatabase { configuration in
            try await UnnestInsert(batches: batches, connections: settings.batchedCallers)
                .run(configuration: configuration, logger: logger)
        }
        report.unnestInsertOneConnection = try await server.withFreshDatabase { configuration in
            try await UnnestInsert(batches: batches, connections: 1).run(configuration: configuration, logger: logger)
        }
        report.copyFrom = try await server.withFreshDatabase { configuration in
            try await PsqlCopyFrom(batches: batches).run(server: server, configuration: configuration)
        }
    }

    /// (b) single-event emits, and one INSERT per transaction through pgbench.
    private nonisolated static func measureSingleEmits(
        settings: BenchSettings,
        server: BenchServer,
        logger: Logger,
        into report: inout BenchReport
    ) async throws {
        report.singleEmits = try await server.withFreshDatabase { configuration in
            try await SingleEmits(callers: settings.singleCallers, duration: settings.singleDuration)
                .run(configuration: configuration, logger: logger)
        }
        report.pgbench = try await server.withFreshDatabase { configuration in
            try await PgbenchInserts(
                clients: settings.pgbenchClients,
                transactionsPerClient: settings.pgbenchTransactionsPerClient
            ).run(server: server, configuration: configuration)
        }
    }
}
