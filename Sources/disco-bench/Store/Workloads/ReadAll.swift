import DiscoStore
import DiscoStorePostgres
import Logging
import NIOCore

/// (c) Reading every event after offset 0 through the store: `readEvents` up to the head, in pages, `passes`
/// times in a row (one pass over 200,000 events takes a few tenths of a second: too short to measure on a
/// noisy machine).
struct ReadAll {
    var pageSize: Int
    var passes = 1

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
            let start = ContinuousClock.now
            let ((count, bytes), cpu) = try await MachineCPU.measuring {
                var count = 0
                var bytes = 0
                for _ in 0..<self.passes {
                    try await store.readEvents(after: 0, through: nil, types: [], pageSize: self.pageSize) { page in
                        count += page.count
                        bytes += page.reduce(0) { $0 + $1.payload.readableBytes }
                        return true
                    }
                }
                return (count, bytes)
            }
            let elapsed = ContinuousClock.now - start
            precondition(bytes > 0 || count == 0)
            return Throughput(events: count, seconds: elapsed.seconds, cpu: cpu)
        }
    }
}
