/// Every figure of one run, and the ratios the goals are stated in.
struct BenchReport {
    let settings: BenchSettings
    var batched: Throughput?
    /// The group commits that wrote the batched workload's events.
    var batchedGroupCommits: Int?
    var unnestInsert: Throughput?
    var unnestInsertOneConnection: Throughput?
    var copyFrom: Throughput?
    var singleEmits: Throughput?
    /// The group commits that wrote the single-event workload's events.
    var singleGroupCommits: Int?
    var pgbench: Throughput?
    var storeRead: Throughput?
    var copyToBinary: Throughput?
    var bytesPerEvent: Double?

    var text: String {
        var lines = ["# disco-bench store"]
        func row(_ name: String, _ value: Throughput?, groupCommits: Int? = nil) {
            guard let value else { return }
            var line =
                "\(name): \(Int(value.eventsPerSecond)) events/s (\(value.events) events in \(Self.format(value.seconds)) s)"
            if let latencies = value.latencies {
                line += ", \(latencies)"
            }
            lines.append(line)
            if let cpu = value.cpu {
                lines.append("      \(cpu.perEvent(value.events))")
            }
            if let groupCommits, groupCommits > 0 {
                let mean = Double(value.events) / Double(groupCommits)
                lines.append("      \(groupCommits) group commits, \(Self.format(mean)) events per commit")
            }
        }
        row(
            "(a) store, batched emits (\(settings.batchedCallers) callers x \(settings.eventsPerBatch) events)",
            self.batched,
            groupCommits: self.batchedGroupCommits
        )
        row("    raw INSERT ... SELECT FROM unnest (\(settings.batchedCallers) connections)", self.unnestInsert)
        row("    raw INSERT ... SELECT FROM unnest (1 connection)", self.unnestInsertOneConnection)
        row("    raw psql \\copy FROM stdin (text)", self.copyFrom)
        row(
            "(b) store, single-event emits (\(settings.singleCallers) callers)",
            self.singleEmits,
            groupCommits: self.singleGroupCommits
        )
        row("    pgbench, one INSERT per transaction (\(settings.pgbenchClients) clients)", self.pgbench)
        row(
            "(c) store, read all after offset 0 (pages of \(settings.readPageSize), \(settings.readAhead) at once, \(settings.readPasses) passes)",
            self.storeRead
        )
        row(
            "    psql COPY (SELECT ... ORDER BY offset) TO STDOUT (FORMAT binary), \(settings.readPasses) passes",
            self.copyToBinary
        )
        if let bytes = self.bytesPerEvent {
            lines.append("bytes per event (pg_total_relation_size / rows): \(Int(bytes))")
        }
        func ratio(_ name: String, _ value: Throughput?, _ base: Throughput?, goal: Double) {
            guard let value, let base else { return }
            let ratio = value.eventsPerSecond / base.eventsPerSecond
            lines.append("\(name): \(Self.format(ratio)) (goal >= \(Self.format(goal)))")
        }
        let fastestRaw = [self.unnestInsert, self.unnestInsertOneConnection, self.copyFrom].compactMap { $0 }.max {
            $0.eventsPerSecond < $1.eventsPerSecond
        }
        ratio("ratio batched / fastest raw load", self.batched, fastestRaw, goal: 0.9)
        ratio("ratio batched / raw INSERT on 1 connection", self.batched, self.unnestInsertOneConnection, goal: 0.9)
        ratio("ratio single-event emits / pgbench", self.singleEmits, self.pgbench, goal: 5)
        ratio("ratio store read / COPY TO binary", self.storeRead, self.copyToBinary, goal: 0.5)
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        return "\(Int(hundredths) / 100).\(String(Int(abs(hundredths)) % 100).leftPadded(to: 2))"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
