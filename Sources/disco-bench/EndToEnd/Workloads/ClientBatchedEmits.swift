import DiscoClient
import DiscoStore

/// `emit`, batched: concurrent callers each emitting whole batches (one emit per batch) through `DiscoClient`.
struct ClientBatchedEmits {
    var batches: [[ClientNewEvent]]
    var callers: Int

    /// The store's batches as the client sends them: the same ids, types, aggregates and payloads.
    init(batches: [[DiscoStore.NewEvent]], callers: Int) {
        self.batches = batches.map { batch in
            batch.map {
                ClientNewEvent(
                    id: $0.id,
                    type: $0.type,
                    aggregateID: $0.aggregateID,
                    payload: $0.payload,
                    meta: $0.meta
                )
            }
        }
        self.callers = callers
    }

    func run(client: DiscoClient, progress: ProgressMeter) async throws -> Throughput {
        let (batches, callers) = (self.batches, self.callers)
        let loop = ClosedLoop(callers: callers, operationsPerCaller: (batches.count + callers - 1) / callers)
        return try await loop.run { caller, index in
            let batch = caller + index * callers
            guard batch < batches.count else { return 0 }
            try await client.emit(batches[batch])
            progress.add(batches[batch].count)
            return batches[batch].count
        }
    }
}
