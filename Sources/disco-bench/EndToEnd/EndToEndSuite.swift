import DiscoClient
import DiscoStore
import DiscoStorePostgres
import Logging

/// The end-to-end workloads through `DiscoClient` against a server, each next to its raw-PostgreSQL baseline
/// measured in the same run on the same PostgreSQL server. Every phase gets a fresh database.
struct EndToEndSuite {
    enum Workload: String, CaseIterable, Codable, Sendable {
        case emit, read, subscribe, mixed
    }

    var settings: EndToEndSettings
    var workloads: Set<Workload>
    /// The PostgreSQL server for baselines (and for the in-process server); `nil` runs no baseline.
    var postgres: BenchServer?
    /// A server given with `--server`; `nil` runs one in-process over a fresh database per phase.
    var externalServer: DiscoClient.Configuration.ServerAddress?
    var logger: Logger
    private let timelines = Timelines()

    func run() async throws -> EndToEndReport {
        var report = EndToEndReport(settings: self.settings)
        report.serverInProcess = self.externalServer == nil
        let batches = self.settings.events.batches(count: self.settings.batches, size: self.settings.eventsPerBatch)
        if !self.workloads.isDisjoint(with: [.emit, .read]) {
            try await self.measureBatchedEmitsAndReads(batches: batches, into: &report)
            try await self.measureRawLoads(batches: batches, into: &report)
        }
        if self.workloads.contains(.emit) {
            try await self.measureSingleEmits(into: &report)
        }
        if self.workloads.contains(.subscribe) {
            report.subscription = try await self.measureSubscriptions(
                "subscribe",
                rate: self.settings.subscriptionRate,
                eventsPerEmit: self.settings.eventsPerSubscriptionEmit
            )
        }
        if self.workloads.contains(.mixed) {
            report.mixed = try await self.measureSubscriptions(
                "mixed",
                rate: self.settings.mixedRate,
                eventsPerEmit: self.settings.eventsPerMixedEmit
            )
        }
        report.throughputOverTime = self.timelines.all
        return report
    }

    /// Batched emits through the client, then reads of what they wrote, uncompressed and compressed.
    private func measureBatchedEmitsAndReads(
        batches: [[DiscoStore.NewEvent]],
        into report: inout EndToEndReport
    ) async throws {
        let emits = ClientBatchedEmits(batches: batches, callers: self.settings.batchedCallers)
        let measuresReads = self.workloads.contains(.read)
        report = try await self.withServer { [report] server in
            var report = report
            let compressed = server.clientConfiguration(compression: true)
            let before = try await DiscoClient.withClient(configuration: compressed, logger: self.logger) { client in
                let before = try await client.emit(self.settings.events.clientEvent(caller: 0, sequence: 0)).offset
                let (batched, cpu) = try await ProcessCPU.measuring {
                    try await ProgressMeter.measuring(
                        "emit, batched",
                        duration: .seconds(10),
                        timelines: self.timelines
                    ) {
                        try await emits.run(client: client, progress: $0)
                    }
                }
                report.batchedEmits = batched
                report.recordCPU("emit, batched", cpu, events: batched.events)
                if measuresReads {
                    report.readCompressed = try await self.read(
                        "read, compressed",
                        after: before,
                        from: client,
                        server: server,
                        into: &report
                    )
                }
                return before
            }
            guard measuresReads else { return report }
            let uncompressed = server.clientConfiguration(compression: false)
            try await DiscoClient.withClient(configuration: uncompressed, logger: self.logger) { client in
                report.readUncompressed = try await self.read(
                    "read, uncompressed",
                    after: before,
                    from: client,
                    server: server,
                    into: &report
                )
            }
            return report
        }
    }

    private func read(
        _ name: String,
        after offset: UInt64,
        from client: DiscoClient,
        server: ServerUnderTest,
        into report: inout EndToEndReport
    ) async throws -> ClientRead.Figures {
        let (figures, cpu) = try await ProcessCPU.measuring {
            try await ProgressMeter.measuring(name, duration: .seconds(5), timelines: self.timelines) {
                try await ClientRead(after: offset).run(client: client, wire: server.wire, progress: $0)
            }
        }
        report.recordCPU(name, cpu, events: figures.throughput.events)
        return figures
    }

    /// The same rows straight into PostgreSQL: multi-row INSERT through postgres-nio, then `COPY … TO` binary of
    /// them; COPY FROM through psql.
    private func measureRawLoads(
        batches: [[DiscoStore.NewEvent]],
        into report: inout EndToEndReport
    ) async throws {
        guard let postgres = self.postgres else { return }
        let callers = self.settings.batchedCallers
        try await postgres.withFreshDatabase { configuration in
            report.rawUnnestInsert = try await UnnestInsert(batches: batches, connections: callers)
                .run(configuration: configuration, logger: self.logger)
            report.rawCopyToBinary = try await PsqlCopyTo().run(server: postgres, configuration: configuration)
        }
        guard self.workloads.contains(.emit) else { return }
        report.rawCopyFrom = try await postgres.withFreshDatabase { configuration in
            try await PsqlCopyFrom(batches: batches).run(server: postgres, configuration: configuration)
        }
    }

    /// Single-event emits through the client; one INSERT per transaction through pgbench.
    private func measureSingleEmits(into report: inout EndToEndReport) async throws {
        let settings = self.settings
        let single = ClientSingleEmits(
            callers: settings.singleCallers,
            duration: settings.singleDuration,
            maximumEvents: settings.singleMaximumEvents,
            events: settings.events
        )
        let (figures, cpu) = try await ProcessCPU.measuring {
            try await self.withServer { server in
                let configuration = server.clientConfiguration(compression: true)
                return try await DiscoClient.withClient(configuration: configuration, logger: self.logger) { client in
                    try await ProgressMeter.measuring(
                        "emit, single",
                        duration: settings.singleDuration,
                        timelines: self.timelines
                    ) {
                        try await single.run(client: client, progress: $0)
                    }
                }
            }
        }
        report.singleEmits = figures
        report.recordCPU("emit, single", cpu, events: figures.events)
        guard let postgres = self.postgres else { return }
        report.pgbench = try await postgres.withFreshDatabase { configuration in
            try await PgbenchInserts(
                clients: settings.pgbenchClients,
                transactionsPerClient: settings.pgbenchTransactionsPerClient,
                payload: settings.events.payload(sequence: 0)
            ).run(server: postgres, configuration: configuration)
        }
    }

    /// Fixed-rate emitters with live subscribers: `subscribe` at a moderate rate for latency, `mixed` at a high
    /// one (large emits), the shape of high-volume ingestion with consumers following.
    private func measureSubscriptions(
        _ name: String,
        rate: Int,
        eventsPerEmit: Int
    ) async throws -> SubscriptionLatency.Figures {
        let settings = self.settings
        let workload = SubscriptionLatency(
            subscribers: settings.subscribers,
            rate: rate,
            eventsPerEmit: eventsPerEmit,
            duration: settings.subscriptionDuration,
            events: settings.events
        )
        return try await self.withServer { server in
            let configuration = server.clientConfiguration(compression: true)
            return try await DiscoClient.withClient(configuration: configuration, logger: self.logger) { client in
                try await ProgressMeter.measuring(
                    name,
                    duration: settings.subscriptionDuration,
                    timelines: self.timelines
                ) {
                    try await workload.run(client: client, progress: $0)
                }
            }
        }
    }

    /// Runs `body` against the server given with `--server`, or against one started in-process over a fresh
    /// database.
    private func withServer<Result: Sendable>(_ body: (ServerUnderTest) async throws -> Result) async throws -> Result {
        if let address = self.externalServer {
            return try await body(ServerUnderTest(address: address, wire: nil))
        }
        guard let postgres = self.postgres else {
            throw BenchError("give --server, or a PostgreSQL URL for the server the tool starts")
        }
        return try await postgres.withFreshDatabase { database in
            try await ServerUnderTest.withInProcessServer(database: database, logger: self.logger, body)
        }
    }
}
