import DiscoClient

/// `emit`, single events: many callers each emitting one event at a time through `DiscoClient`, each waiting for
/// its ack, until `duration` is over or `maximumEvents` were emitted.
struct ClientSingleEmits {
    var callers: Int
    var duration: Duration
    var maximumEvents: Int
    var events: BenchEvents

    func run(client: DiscoClient, progress: ProgressMeter) async throws -> Throughput {
        let events = self.events
        let loop = ClosedLoop(
            callers: self.callers,
            operationsPerCaller: max(1, self.maximumEvents / self.callers),
            deadline: .now + self.duration
        )
        return try await loop.run { caller, sequence in
            try await client.emit(events.clientEvent(caller: caller, sequence: sequence))
            progress.add(1)
            return 1
        }
    }
}
