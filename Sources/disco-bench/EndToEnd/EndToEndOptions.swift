import ArgumentParser
import DiscoClient
import Foundation
import Logging

/// The options every end-to-end workload takes.
struct EndToEndOptions: ParsableArguments {
    @OptionGroup var postgres: PostgresOptions

    @Option(help: "An existing server (HOST:PORT) to measure; without it the tool runs one in-process.")
    var server: String?

    @Option(help: "Payload bytes per event (JSON-like).")
    var payloadSize = 200

    @Option(help: "Number of event types.")
    var eventTypes = 5

    @Option(help: "Number of aggregates.")
    var aggregates = 1_000

    @Option(help: "Batches of the batched emit workload (its events are what the reads stream).")
    var batches: Int?

    @Option(help: "Events per batched emit.")
    var batchSize = 1_000

    @Option(help: "Concurrent callers of the single-event emit workload.")
    var singleCallers = 64

    @Option(help: "Events per second of the subscription workload.")
    var subscriptionRate: Int?

    @Flag(help: "Shrink every workload to about a second, for a smoke run.")
    var quick = false

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    @Option(help: "Write the results as a self-contained HTML page (inline SVG charts) to this file.")
    var report: String?

    func runSuite(_ workloads: Set<EndToEndSuite.Workload>) async throws {
        var settings = EndToEndSettings(quick: self.quick)
        settings.events = BenchEvents(
            payloadSize: self.payloadSize,
            typeCount: self.eventTypes,
            aggregateCount: self.aggregates
        )
        settings.batches = self.batches ?? settings.batches
        settings.eventsPerBatch = self.batchSize
        settings.singleCallers = self.singleCallers
        settings.subscriptionRate = self.subscriptionRate ?? settings.subscriptionRate
        var logger = Logger(label: "disco.bench")
        logger.logLevel = .error  // the in-process server's development-mode warnings are noise here
        let suite = EndToEndSuite(
            settings: settings,
            workloads: workloads,
            postgres: self.postgres.urlIfGiven.map { BenchServer(url: $0, logger: logger) },
            externalServer: try self.serverAddress(),
            logger: logger
        )
        let report = try await suite.run()
        print(report.text)
        if let path = self.json {
            try report.json().write(to: URL(fileURLWithPath: path))
        }
        if let path = self.report {
            try Data(HTMLReport(report: report).html.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    private func serverAddress() throws -> DiscoClient.Configuration.ServerAddress? {
        guard let server = self.server else { return nil }
        guard let colon = server.lastIndex(of: ":"), let port = Int(server[server.index(after: colon)...]) else {
            throw ValidationError("--server takes HOST:PORT")
        }
        return .init(host: String(server[..<colon]), port: port)
    }
}

/// The end-to-end subcommands: `all` (the suite), `emit`, `read`, `subscribe`, `mixed`.
enum EndToEndCommand {
    struct All: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every end-to-end workload and its baselines.")
        @OptionGroup var options: EndToEndOptions
        func run() async throws { try await self.options.runSuite(Set(EndToEndSuite.Workload.allCases)) }
    }

    struct Emit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Batched and single-event emits.")
        @OptionGroup var options: EndToEndOptions
        func run() async throws { try await self.options.runSuite([.emit]) }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Streamed reads, compressed and uncompressed.")
        @OptionGroup var options: EndToEndOptions
        func run() async throws { try await self.options.runSuite([.read]) }
    }

    struct Subscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delivery latency of live subscriptions.")
        @OptionGroup var options: EndToEndOptions
        func run() async throws { try await self.options.runSuite([.subscribe]) }
    }

    struct Mixed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "High-rate emitters with live subscribers.")
        @OptionGroup var options: EndToEndOptions
        func run() async throws { try await self.options.runSuite([.mixed]) }
    }
}
