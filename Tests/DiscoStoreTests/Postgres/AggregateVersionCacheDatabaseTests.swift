import DiscoStore
import DiscoTestSupport
import Testing

@testable import DiscoStorePostgres

/// The appender's version cache against a real database: whatever one store instance remembers, versions and
/// expectations stay exact when another instance, or a rejected emit, moves an aggregate on.
@Suite(.timeLimit(.minutes(1)))
struct AggregateVersionCacheDatabaseTests {
    @Test func versionsStayExactWhenTwoInstancesTakeTurnsOnOneAggregate() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { first in
                try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) {
                    second in
                    var expected: Int64 = 0
                    for round in 0..<20 {
                        let store = round % 3 == 2 ? second : first
                        let result = try await store.emit(
                            [EventFactory.event(aggregate: "a"), EventFactory.event(aggregate: "b")],
                            expectedVersions: ["a": expected == 0 ? .noEvents : .exactly(expected)]
                        )
                        expected += 1
                        #expect(result.events.map(\.aggregateVersion) == [expected, expected])
                        let stale = try? await first.emit(
                            [EventFactory.event(aggregate: "a")],
                            expectedVersions: ["a": .exactly(expected - 1)]
                        )
                        #expect(stale == nil)
                    }
                    let versions = try await second.events(forAggregate: "b", fromVersion: 1, limit: 100)
                        .map(\.aggregateVersion)
                    #expect(versions == (1...20).map { Int64($0) })
                }
            }
        }
    }

    @Test func aRejectedEmitInAGroupDoesNotShiftLaterVersions() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                _ = try await store.emit([EventFactory.event(aggregate: "a")])
                for round in 0..<10 {
                    // Concurrent emits share groups; the conflicting one writes nothing.
                    async let conflicting = try? store.emit(
                        [EventFactory.event(aggregate: "a")],
                        expectedVersions: ["a": .noEvents]
                    )
                    async let written = store.emit([EventFactory.event(aggregate: "a")])
                    let (rejected, result) = try await (conflicting, written)
                    #expect(rejected == nil)
                    #expect(result.events.map(\.aggregateVersion) == [Int64(round) + 2])
                }
                let versions = try await store.events(forAggregate: "a", fromVersion: 1, limit: 100)
                    .map(\.aggregateVersion)
                #expect(versions == (1...11).map { Int64($0) })
            }
        }
    }
}
