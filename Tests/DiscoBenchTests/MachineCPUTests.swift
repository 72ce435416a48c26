import DiscoTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import disco_bench

/// The CPU split the benchmarks report: time spent while a body runs lands on the right owner.
@Suite struct MachineCPUTests {
    @Test func timeIsSplitBetweenThisProcessPostgreSQLAndOthers() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["DISCO_TEST_POSTGRES_URL"], "\(TestDatabase.hint)")
        let server = BenchServer(url: url, logger: TestDatabase.logger)
        let configuration = try TestDatabase.serverConfiguration()
        let (_, measured) = try await MachineCPU.measuring {
            // This process: half a second of arithmetic.
            let clock = ContinuousClock()
            let start = clock.now
            var sum = 0
            while clock.now - start < .milliseconds(500) {
                for value in 0..<10_000 { sum &+= value &* value }
            }
            #expect(sum != 0)
            // PostgreSQL: a query that counts for a while; another process: psql itself, waiting for it.
            let count = "SELECT count(*) FROM generate_series(1, 20000000)"
            _ = try server.psql(["-At", "-c", count], configuration: configuration)
        }
        let split = try #require(measured)
        #expect(split.thisProcess >= 0.3)
        #expect(split.postgres >= 0.3)
        #expect(split.thisProcess + split.postgres + split.others + split.idle > 0.8)
    }
}
