import DiscoStore
import DiscoStorePostgres
import Logging

/// (a) Concurrent callers each emitting whole batches (one emit per batch) through the store.
struct BatchedEmits {
    var batches: [[NewEvent]]
    var callers: Int

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        let (batches, callers) = (self.batches, self.callers)
        let loop = ClosedLoop(callers: callers, operationsPerCaller: (batches.count + callers - 1) / callers)
        return try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
            try await loop.run { caller, index in
                let batch = caller + index * callers
                guard batch < batches.count else { return 0 }
                return try await store.emit(batches[batch]).events.count
            }
        }
    }
}
