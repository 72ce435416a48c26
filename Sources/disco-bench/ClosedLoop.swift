/// Concurrent callers each running one operation after another, each waiting for the last to finish (a closed
/// loop): the shape of every emit workload, at the store and through the client.
struct ClosedLoop: Sendable {
    var callers: Int
    /// The most operations each caller runs.
    var operationsPerCaller: Int
    /// When callers stop starting operations, whatever their count.
    var deadline: ContinuousClock.Instant? = nil

    /// Runs `operation(caller, index)` — returning the events it handled, 0 for nothing to do — and times each
    /// one that did something.
    func run(
        _ operation: @escaping @Sendable (_ caller: Int, _ index: Int) async throws -> Int
    ) async throws
        -> Throughput
    {
        let clock = ContinuousClock()
        let start = clock.now
        let ((events, latencies), cpu) = try await MachineCPU.measuring {
            try await self.runCallers(operation)
        }
        return Throughput(
            events: events,
            seconds: (clock.now - start).seconds,
            latencies: latencies.summary,
            cpu: cpu
        )
    }

    private func runCallers(
        _ operation: @escaping @Sendable (_ caller: Int, _ index: Int) async throws -> Int
    ) async throws -> (Int, LatencyRecorder) {
        let clock = ContinuousClock()
        return try await withThrowingTaskGroup(of: (Int, LatencyRecorder).self) { group in
            for caller in 0..<self.callers {
                group.addTask {
                    var events = 0
                    var latencies = LatencyRecorder()
                    var index = 0
                    while index < self.operationsPerCaller, self.deadline.map({ clock.now < $0 }) ?? true {
                        let started = clock.now
                        let handled = try await operation(caller, index)
                        if handled > 0 { latencies.record(clock.now - started) }
                        events += handled
                        index += 1
                    }
                    return (events, latencies)
                }
            }
            return try await group.reduce(into: (0, LatencyRecorder())) { total, caller in
                total.0 += caller.0
                total.1.add(caller.1)
            }
        }
    }
}
