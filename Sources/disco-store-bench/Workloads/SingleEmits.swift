import DiscoStore
import DiscoStorePostgres
import Logging

/// (b) Many callers each emitting one event at a time, as fast as their emits are acknowledged.
struct SingleEmits {
    var callers: Int
    var duration: Duration

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
            let clock = ContinuousClock()
            let start = clock.now
            let deadline = start + self.duration
            let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
                for caller in 0..<self.callers {
                    group.addTask {
                        var latencies: [Duration] = []
                        var sequence = 0
                        while clock.now < deadline {
                            let event = BenchEvents.single(caller: caller, sequence: sequence)
                            let sent = clock.now
                            _ = try await store.emit(event)
                            latencies.append(clock.now - sent)
                            sequence += 1
                        }
                        return latencies
                    }
                }
                return try await group.reduce(into: [Duration]()) { $0 += $1 }
            }
            let elapsed = clock.now - start
            return Throughput(events: latencies.count, seconds: elapsed.seconds, latencies: LatencySummary(latencies))
        }
    }
}
