import DiscoTestSupport
import Foundation
import Logging
import NIOCore
import Testing

@testable import disco_bench

/// A smoke run of the end-to-end suite (about a second per workload) against the test PostgreSQL server: the
/// workloads run through a real client and server and produce sane numbers. Not a benchmark.
@Suite struct EndToEndSuiteSmokeTests {
    @Test func everyWorkloadProducesSaneFigures() async throws {
        var settings = EndToEndSettings(quick: true)
        settings.batches = 4
        settings.pgbenchTransactionsPerClient = 10
        settings.singleCallers = 8
        settings.subscribers = 2
        settings.subscriptionRate = 500
        let url = try #require(ProcessInfo.processInfo.environment["DISCO_TEST_POSTGRES_URL"], "\(TestDatabase.hint)")
        let suite = EndToEndSuite(
            settings: settings,
            workloads: Set(EndToEndSuite.Workload.allCases),
            postgres: BenchServer(url: url, logger: TestDatabase.logger),
            externalServer: nil,
            logger: TestDatabase.logger
        )

        let report = try await suite.run()

        let written = settings.batches * settings.eventsPerBatch
        #expect(report.batchedEmits?.events == written)
        #expect(report.readUncompressed?.throughput.events == written)
        #expect(report.readCompressed?.throughput.events == written)
        #expect(report.readUncompressed?.payloadBytes == written * settings.events.payloadSize)
        let compressed = try #require(report.readCompressed?.wireBytes)
        let uncompressed = try #require(report.readUncompressed?.wireBytes)
        #expect(compressed < uncompressed)
        #expect((report.singleEmits?.events ?? 0) > 0)
        #expect((report.pgbench?.eventsPerSecond ?? 0) > 0)
        #expect((report.rawUnnestInsert?.eventsPerSecond ?? 0) > 0)
        #expect((report.rawCopyFrom?.eventsPerSecond ?? 0) > 0)
        #expect(report.rawCopyToBinary?.events == written)
        let subscription = try #require(report.subscription)
        #expect(subscription.delivered == subscription.emitted * settings.subscribers)
        #expect(subscription.deliveryLatency.p50 > 0)
        #expect(report.goals.count == 5)
        #expect(try JSONSerialization.jsonObject(with: report.json()) is [String: Any])
    }

    @Test func payloadsAreJSONOfTheConfiguredSize() throws {
        for size in [120, 200, 1_000] {
            let payload = BenchEvents(payloadSize: size).payload(sequence: 7)
            #expect(payload.readableBytes == size)
            #expect(try JSONSerialization.jsonObject(with: Data(payload.readableBytesView)) is [String: Any])
        }
    }
}
