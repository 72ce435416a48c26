import DiscoClient
import DiscoTestSupport

/// Runs a consumer in a child task until its handler has seen `count` events, then cancels it (it commits and
/// returns) and returns the offsets it saw.
func runConsumer(
    until count: Int,
    _ run: @escaping @Sendable (@escaping @Sendable (RecordedEvent) async throws -> Void) async throws -> Void
) async throws -> [UInt64] {
    let seen = LockedBox<[UInt64]>([])
    try await withThrowingTaskGroup(of: Void.self) { group in
        let (done, signal) = AsyncStream.makeStream(of: Void.self)
        group.addTask {
            do {
                try await run { event in
                    if seen.withLock({ $0.append(event.offset); return $0.count }) == count { signal.yield() }
                }
            } catch is CancellationError {
                // Cancelled below once enough events arrived: a consumer may end either way.
            }
        }
        for await _ in done { break }
        group.cancelAll()
        try await group.waitForAll()
    }
    return seen.withLock { $0 }
}
