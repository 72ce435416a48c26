import DiscoStore
import DiscoStorePostgres
import Logging

/// (b) Many callers each emitting one event at a time, as fast as their emits are acknowledged.
struct SingleEmits {
    var callers: Int
    var duration: Duration
    var events: BenchEvents

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
            let clock = ContinuousClock()
            let start = clock.now
            let deadline = start + self.duration
            let latencies = try await withThrowingTaskGroup(of: LatencyRecorder.self) { group in
                for caller in 0..<self.callers {
                    group.addTask {
                        var latencies = LatencyRecorder()
                        var sequence = 0
                        while clock.now < deadline {
                            let event = self.events.single(caller: caller, sequence: sequence)
                            let sent = clock.now
                            _ = try await store.emit(event)
                            latencies.record(clock.now - sent)
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
}
