import DiscoStore
import DiscoStorePostgres
import Logging
import NIOCore

/// (c) Reading every event after offset 0 through the store, page after page.
struct ReadAll {
    var pageSize: Int

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        try await PostgresEventStore.withStore(configuration: configuration, logger: logger) { store in
            let start = ContinuousClock.now
            let ((count, bytes), cpu) = try await MachineCPU.measuring {
                var after: Int64 = 0
                var count = 0
                var bytes = 0
                while true {
                    let page = try await store.events(after: after, types: [], limit: self.pageSize)
                    guard let last = page.last else { break }
                    count += page.count
                    bytes += page.reduce(0) { $0 + $1.payload.readableBytes }
                    after = last.offset
                }
                return (count, bytes)
            }
            let elapsed = ContinuousClock.now - start
            precondition(bytes > 0 || count == 0)
            return Throughput(events: count, seconds: elapsed.seconds, cpu: cpu)
        }
    }
}
