import ArgumentParser
import DiscoStore
import DiscoStorePostgres
import Foundation
import Logging

/// `disco-bench store`: the store's throughput (no server, no client) against raw PostgreSQL loads of the same
/// rows into the same schema, measured in one run on one server. Each workload and baseline gets a fresh
/// database.
///
///     scripts/with-postgres swift run -c release disco-bench store [--quick]
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "The store alone (no server, no client) against raw PostgreSQL."
    )

    @OptionGroup var postgres: PostgresOptions

    @Flag(help: "Shrink every workload for a smoke run.")
    var quick = false

    @Option(help: "The workloads to run, comma-separated: batched, single, read (default: all).")
    var only: String?

    @Option(help: "The page size of store reads.")
    var pageSize = 5_000

    @Option(help: "How many pages the store's read fetches at once (its configuration's readAhead).")
    var readAhead = PostgresEventStore.Configuration().readAhead

    @Option(help: "Emits of 1,000 events in the batched workload (and its baselines); default 200, 20 with --quick.")
    var batches: Int?

    func run() async throws {
        var settings = BenchSettings(quick: self.quick)
        settings.only = Set((self.only ?? "").split(separator: ",").map(String.init))
        settings.readPageSize = self.pageSize
        settings.readAhead = self.readAhead
        if let batches = self.batches {
            settings.batchedEmits = batches
        }
        var logger = Logger(label: "disco.store.bench")
        logger.logLevel = .warning
        let server = BenchServer(url: try self.postgres.url(), logger: logger)
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
        let batches = settings.events.batches(count: settings.batchedEmits, size: settings.eventsPerBatch)
        report = try await server.withFreshDatabase { [report] configuration in
            var report = report
            report.batched = try await BatchedEmits(batches: batches, callers: settings.batchedCallers)
                .run(configuration: configuration, logger: logger)
            report.batchedGroupCommits = try await server.groupCommits(configuration: configuration)
            report.bytesPerEvent = try await server.bytesPerEvent(configuration: configuration)
            // The first reader of fresh rows sets their hint bits (writing the pages again); vacuum first so
            // that the store's read and COPY, which follows it, find the same table.
            try await server.execute("VACUUM disco_events", configuration: configuration)
            var readConfiguration = configuration
            readConfiguration.readAhead = settings.readAhead
            report.storeRead = try await ReadAll(pageSize: settings.readPageSize, passes: settings.readPasses)
                .run(configuration: readConfiguration, logger: logger)
            report.copyToBinary = try await PsqlCopyTo(passes: settings.readPasses)
                .run(server: server, configuration: configuration)
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
        (report.singleEmits, report.singleGroupCommits) = try await server.withFreshDatabase { configuration in
            let emits = try await SingleEmits(
                callers: settings.singleCallers,
                duration: settings.singleDuration,
                events: settings.events
            )
            .run(configuration: configuration, logger: logger)
            return (emits, try await server.groupCommits(configuration: configuration))
        }
        report.pgbench = try await server.withFreshDatabase { configuration in
            try await PgbenchInserts(
                clients: settings.pgbenchClients,
                transactionsPerClient: settings.pgbenchTransactionsPerClient,
                payload: settings.events.payload(sequence: 0)
            ).run(server: server, configuration: configuration)
        }
    }
}
