import DiscoStore
import DiscoStorePostgres
import Logging

/// (a) Concurrent callers each emitting whole batches (one emit per batch) through the store.
struct BatchedEmits {
    var batches: [[NewEvent]]
    var callers: Int

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<self.callers {
                    group.addTask {
                        for batch in stride(from: caller, to: self.batches.count, by: self.callers) {
                            _ = try await store.emit(self.batches[batch])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - start
            return Throughput(events: self.batches.reduce(0) { $0 + $1.count }, seconds: elapsed.seconds)
        }
    }
}
