/// A measured rate, with latencies when the workload has them.
struct Throughput: Codable, Sendable {
    var events: Int
    var seconds: Double
    var latencies: LatencySummary?
    /// Where the machine's CPU time went meanwhile, where it could be measured.
    var cpu: CPUSplit?

    var eventsPerSecond: Double { Double(self.events) / self.seconds }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
