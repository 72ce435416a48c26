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
                ClientNewEvent(id: $0.id, type: $0.type, aggregateID: $0.aggregateID, payload: $0.payload, meta: $0.meta)
            }
        }
        self.callers = callers
    }

    func run(client: DiscoClient, progress: ProgressMeter) async throws -> Throughput {
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: LatencyRecorder.self) { group in
            for caller in 0..<self.callers {
                group.addTask {
                    var latencies = LatencyRecorder()
                    for batch in stride(from: caller, to: self.batches.count, by: self.callers) {
                        let sent = clock.now
                        try await client.emit(self.batches[batch])
                        latencies.record(clock.now - sent)
                        progress.add(self.batches[batch].count)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: LatencyRecorder()) { $0.add($1) }
        }
        let elapsed = clock.now - start
        return Throughput(
            events: self.batches.reduce(0) { $0 + $1.count },
            seconds: elapsed.seconds,
            latencies: latencies.summary
        )
    }
}
