import DiscoClient

/// `emit`, single events: many callers each emitting one event at a time through `DiscoClient`, each waiting for
/// its ack, until `duration` is over or `maximumEvents` were emitted.
struct ClientSingleEmits {
    var callers: Int
    var duration: Duration
    var maximumEvents: Int
    var events: BenchEvents

    func run(client: DiscoClient, progress: ProgressMeter) async throws -> Throughput {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + self.duration
        let perCaller = max(1, self.maximumEvents / self.callers)
        let latencies = try await withThrowingTaskGroup(of: LatencyRecorder.self) { group in
            for caller in 0..<self.callers {
                group.addTask {
                    var latencies = LatencyRecorder()
                    var sequence = 0
                    while sequence < perCaller, clock.now < deadline {
                        let event = self.events.clientEvent(caller: caller, sequence: sequence)
                        let sent = clock.now
                        try await client.emit(event)
                        latencies.record(clock.now - sent)
                        progress.add(1)
                        sequence += 1
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: LatencyRecorder()) { $0.add($1) }
        }
        let elapsed = clock.now - start
        let summary = latencies.summary
        return Throughput(events: summary.count, seconds: elapsed.seconds, latencies: summary)
    }
}
