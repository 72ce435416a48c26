import DiscoStore
import DiscoStorePostgres
import Logging

/// (b) Many callers each emitting one event at a time through the store, as fast as their emits are
/// acknowledged.
struct SingleEmits {
    var callers: Int
    var duration: Duration
    var events: BenchEvents

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        let events = self.events
        let payloads = events.payloadPool()
        let loop = ClosedLoop(callers: self.callers, operationsPerCaller: .max, deadline: .now + self.duration)
        return try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
            try await loop.run { caller, sequence in
                _ = try await store.emit(events.single(caller: caller, sequence: sequence, payloads: payloads))
                return 1
            }
        }
    }
}
