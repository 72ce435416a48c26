import Foundation

/// Every figure of one end-to-end run, the raw-PostgreSQL baselines beside them, and the goals as ratios.
struct EndToEndReport: Codable, Sendable {
    var settings: EndToEndSettings
    var batchedEmits: Throughput?
    var rawUnnestInsert: Throughput?
    var rawCopyFrom: Throughput?
    var singleEmits: Throughput?
    var pgbench: Throughput?
    var readUncompressed: ClientRead.Figures?
    var readCompressed: ClientRead.Figures?
    var rawCopyToBinary: Throughput?
    var subscription: SubscriptionLatency.Figures?
    var mixed: SubscriptionLatency.Figures?
    /// Events done over time, by workload.
    var throughputOverTime: [String: [Timelines.Sample]] = [:]
    /// Whether the server ran in this process (so that its CPU time is in ``cpuMicrosecondsPerEvent``).
    var serverInProcess = true
    /// Process CPU time (client, plus the server when it runs in-process) per event, in microseconds, by phase.
    var cpuMicrosecondsPerEvent: [String: Double] = [:]

    init(settings: EndToEndSettings) {
        self.settings = settings
    }

    mutating func recordCPU(_ phase: String, _ cpu: Duration, events: Int) {
        self.cpuMicrosecondsPerEvent[phase] = cpu.seconds * 1e6 / Double(max(1, events))
    }

    /// One goal of issue 6, measured.
    struct Goal: Codable, Sendable {
        var name: String
        var measured: Double
        /// The bound the measured figure must reach (at least, or at most with ``atMost``).
        var bound: Double
        var atMost = false

        var met: Bool { self.atMost ? self.measured <= self.bound : self.measured >= self.bound }
    }

    var goals: [Goal] {
        var goals: [Goal] = []
        let fastestRaw = [self.rawUnnestInsert, self.rawCopyFrom].compactMap { $0 }.map(\.eventsPerSecond).max()
        if let batched = self.batchedEmits, let fastestRaw {
            goals.append(
                Goal(
                    name: "batched emit / fastest raw load",
                    measured: batched.eventsPerSecond / fastestRaw,
                    bound: 0.9
                )
            )
        }
        if let single = self.singleEmits, let pgbench = self.pgbench {
            goals.append(
                Goal(
                    name: "single-event emit / pgbench",
                    measured: single.eventsPerSecond / pgbench.eventsPerSecond,
                    bound: 5
                )
            )
        }
        if let read = self.readCompressed ?? self.readUncompressed, let copy = self.rawCopyToBinary {
            goals.append(
                Goal(
                    name: "streamed read / COPY TO binary",
                    measured: read.throughput.eventsPerSecond / copy.eventsPerSecond,
                    bound: 0.5
                )
            )
        }
        if let compressed = self.readCompressed?.wireBytes, let uncompressed = self.readUncompressed?.wireBytes {
            goals.append(
                Goal(
                    name: "compressed / uncompressed wire bytes",
                    measured: Double(compressed) / Double(max(1, uncompressed)),
                    bound: 0.35,
                    atMost: true
                )
            )
        }
        if let subscription = self.subscription {
            goals.append(
                Goal(
                    name: "delivery (ack -> received) p99 ms at \(subscription.rate) events/s",
                    measured: subscription.ackToReceiveLatency.p99,
                    bound: 10,
                    atMost: true
                )
            )
        }
        return goals
    }

    /// The summary table.
    var text: String {
        var lines = [
            "| workload | events/s | MB/s | latency (ms) | baseline | baseline events/s | ratio |",
            "| --- | ---: | ---: | --- | --- | ---: | ---: |",
        ]
        let payloadMB = Double(self.settings.events.payloadSize) / 1e6
        func row(_ name: String, _ value: Throughput?, _ baselineName: String = "", _ baseline: Throughput? = nil) {
            guard let value else { return }
            let latency = value.latencies.map { "p50 \(Self.format($0.p50)), p99 \(Self.format($0.p99))" } ?? ""
            let base = baseline.map { Self.integer($0.eventsPerSecond) } ?? ""
            let ratio = baseline.map { Self.format(value.eventsPerSecond / $0.eventsPerSecond) + "x" } ?? ""
            lines.append(
                "| \(name) | \(Self.integer(value.eventsPerSecond)) | \(Self.format(value.eventsPerSecond * payloadMB)) "
                    + "| \(latency) | \(baseline == nil ? "" : baselineName) | \(base) | \(ratio) |"
            )
        }
        let settings = self.settings
        let fastest = [("unnest INSERT", self.rawUnnestInsert), ("psql COPY FROM", self.rawCopyFrom)]
            .compactMap { name, value in value.map { (name, $0) } }
            .max { $0.1.eventsPerSecond < $1.1.eventsPerSecond }
        row(
            "emit, \(settings.batchedCallers) callers x \(settings.eventsPerBatch) events",
            self.batchedEmits,
            "fastest raw: \(fastest?.0 ?? "")",
            fastest?.1
        )
        row("  raw multi-row INSERT (unnest, \(settings.batchedCallers) connections)", self.rawUnnestInsert)
        row("  raw psql COPY FROM (text)", self.rawCopyFrom)
        row(
            "emit, single events, \(settings.singleCallers) callers",
            self.singleEmits,
            "pgbench, \(settings.pgbenchClients) clients",
            self.pgbench
        )
        row("read, uncompressed", self.readUncompressed?.throughput, "COPY TO binary", self.rawCopyToBinary)
        row("read, compressed", self.readCompressed?.throughput, "COPY TO binary", self.rawCopyToBinary)
        for (name, read) in [("uncompressed", self.readUncompressed), ("compressed", self.readCompressed)] {
            guard let read, let wire = read.wireBytes else { continue }
            lines.append("")
            lines.append(
                "read, \(name): \(wire) bytes on the wire, \(Self.format(Double(wire) / Double(max(1, read.throughput.events)))) per event"
            )
        }
        for (name, figures) in [("subscribe", self.subscription), ("mixed", self.mixed)] {
            guard let figures else { continue }
            lines.append("")
            lines.append(
                "\(name): \(figures.emitted) events asked at \(figures.rate)/s, achieved "
                    + "\(Self.integer(figures.achievedRate))/s; \(figures.delivered) delivered to "
                    + "\(self.settings.subscribers) subscribers; max lag \(figures.maximumLagEvents) events"
            )
            lines.append("  scheduled emit -> ack:      \(figures.emitLatency)")
            lines.append("  scheduled emit -> received: \(figures.deliveryLatency)")
            lines.append("  ack -> received:            \(figures.ackToReceiveLatency)")
        }
        if !self.cpuMicrosecondsPerEvent.isEmpty {
            lines.append("")
            lines.append(
                "process CPU per event (\(self.serverInProcess ? "client + in-process server" : "client only")):"
            )
            for (phase, micros) in self.cpuMicrosecondsPerEvent.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(phase): \(Self.format(micros)) µs")
            }
        }
        lines.append("")
        lines.append("goals:")
        for goal in self.goals {
            lines.append(
                "  \(goal.met ? "met " : "MISS") \(goal.name): \(Self.format(goal.measured)) "
                    + "(goal \(goal.atMost ? "<=" : ">=") \(Self.format(goal.bound)))"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// The report as JSON, goals included.
    func json() throws -> Data {
        struct Document: Encodable {
            var report: EndToEndReport
            var goals: [Goal]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(Document(report: self, goals: self.goals))
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
    private static func integer(_ value: Double) -> String { String(Int(value.rounded())) }
}
