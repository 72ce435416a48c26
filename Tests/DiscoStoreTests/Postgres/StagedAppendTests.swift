import DiscoStore
import DiscoTestSupport
import Testing

import struct Foundation.UUID

@testable import DiscoStorePostgres

/// The staged path of large group commits (``StagedAppendFunction``): taken once the numbering can be
/// predicted, and every case it cannot decide — a replay, a failed expectation, another writer — committed
/// on the locked path with the same outcome the locked path alone would give.
@Suite(.timeLimit(.minutes(2)))
struct StagedAppendTests {
    private static func batch(_ count: Int, aggregates: Int, prefix: String = "agg") -> [NewEvent] {
        (0..<count).map { EventFactory.event(aggregate: "\(prefix)-\($0 % aggregates)") }
    }

    @Test func largeEmitsTakeTheStagedPathAndNumberLikeTheLockedPath() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                var head: Int64 = 0
                for round in 1...6 {
                    let result = try await store.emit(Self.batch(300, aggregates: 10))
                    #expect(result.events.map(\.offset) == Array((head + 1)...(head + 300)))
                    #expect(
                        result.events.prefix(10).map(\.aggregateVersion)
                            == Array(repeating: Int64(round - 1) * 30 + 1, count: 10)
                    )
                    #expect(
                        result.events.suffix(10).map(\.aggregateVersion)
                            == Array(repeating: Int64(round) * 30, count: 10)
                    )
                    head += 300
                }
                let stored = try await store.events(forAggregate: "agg-3", fromVersion: 1, limit: 1_000)
                #expect(stored.map(\.aggregateVersion) == (1...180).map { Int64($0) })
                #expect(stored.map(\.offset) == stored.map(\.offset).sorted())
                let all = try await store.events(after: 0, limit: 10_000)
                #expect(zip(all, all.dropFirst()).allSatisfy { $0.emittedAt <= $1.emittedAt })
                // The first group has nothing to predict from; the later ones are staged and accepted.
                #expect(store.stagedAppends.committed >= 4)
                #expect(store.stagedAppends.refused == 0)
            }
        }
    }

    @Test func aRetriedLargeEmitIsReplayedAndAFailedExpectationConflicts() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                _ = try await store.emit(Self.batch(300, aggregates: 10))
                let events = Self.batch(300, aggregates: 10)
                let first = try await store.emit(events)
                let retried = try await store.emit(events)
                #expect(retried.replayed)
                #expect(retried.events == first.events)

                await #expect(throws: EventStoreError.self) {
                    _ = try await store.emit(Self.batch(300, aggregates: 10), expectedVersions: ["agg-0": .exactly(59)])
                }
                #expect(try await store.headOffset() == 600)
                let next = try await store.emit(
                    Self.batch(300, aggregates: 10),
                    expectedVersions: ["agg-0": .exactly(60)]
                )
                #expect(next.events.first?.offset == 601)
                #expect(next.events.first?.aggregateVersion == 61)
                #expect(store.stagedAppends.refused >= 2)
            }
        }
    }

    @Test func twoInstancesWritingLargeEmitsToTheSameAggregatesStayExact() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { first in
                try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) {
                    second in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for writer in 0..<4 {
                            group.addTask {
                                let store = writer % 2 == 0 ? first : second
                                for _ in 0..<8 {
                                    _ = try await store.emit(Self.batch(300, aggregates: 20, prefix: "shared"))
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    let all = try await first.events(after: 0, limit: 20_000)
                    #expect(all.map(\.offset) == Array(1...(4 * 8 * 300)))
                    var versions: [String: Int64] = [:]
                    for event in all {
                        let aggregate = try #require(event.aggregateID)
                        let version = versions[aggregate, default: 0] + 1
                        #expect(event.aggregateVersion == version)
                        versions[aggregate] = version
                    }
                    #expect(zip(all, all.dropFirst()).allSatisfy { $0.emittedAt <= $1.emittedAt })
                }
            }
        }
    }
}
