import Testing

@testable import DiscoStorePostgres

/// The appender's cache of aggregate versions, without a database: what it predicts, and that every state it
/// is not sure of makes it predict nothing (`disco_append` then looks every version up).
struct AggregateVersionCacheTests {
    private typealias Cache = AggregateVersionCache

    /// The cache with the aggregates of each ticket remembered, so that effects and outcomes can be written by
    /// aggregate id.
    private struct Harness {
        var cache: Cache
        private var aggregatesByTicket: [Int: [String]] = [:]

        init(capacity: Int = 100_000) {
            self.cache = Cache(capacity: capacity)
        }

        /// The prediction for a group of `aggregates` that writes `writes` events to some of them.
        mutating func prediction(for aggregates: [String], writes: [String: Int64]) -> (Cache.Prediction, Int) {
            let effect = Cache.Effect(
                eventCount: writes.values.reduce(0, +),
                eventsPerAggregate: aggregates.map { writes[$0] ?? 0 }
            )
            let (prediction, ticket) = self.cache.prediction(for: aggregates, effect: effect)
            self.aggregatesByTicket[ticket] = aggregates
            return (prediction, ticket)
        }

        mutating func record(_ ticket: Int, trusted: Bool, head: Int64, appends: Int64, _ versions: [String: Int64]) {
            let aggregates = self.aggregatesByTicket[ticket] ?? []
            let outcome = Cache.Outcome(
                trusted: trusted,
                head: head,
                appends: appends,
                versions: aggregates.map { versions[$0] ?? 0 }
            )
            self.cache.record(outcome, of: ticket)
        }
    }

    @Test func predictsNothingBeforeTheFirstGroupCommitted() {
        var cache = Harness()
        let (prediction, _) = cache.prediction(for: ["a", "b"], writes: ["a": 1])
        #expect(prediction == Cache.Prediction(expectedHead: -1, expectedAppends: -1, knownVersions: [-1, -1]))
    }

    @Test func predictsTheStateAfterTheLastGroupAndWhatIsStillCommitting() {
        var cache = Harness()
        let (_, first) = cache.prediction(for: ["a", "b"], writes: ["a": 2, "b": 1])
        cache.record(first, trusted: false, head: 10, appends: 4, ["a": 5, "b": 1])

        let (second, _) = cache.prediction(for: ["a", "c"], writes: ["a": 3, "c": 1])
        #expect(
            second == Cache.Prediction(expectedHead: 10, expectedAppends: 4, knownVersions: [5, -1], canStage: true)
        )

        // Built while the second group is still committing: its effect is counted in, it commits first, and
        // "c", which it writes, has no known version yet: this group cannot be numbered ahead.
        let (third, _) = cache.prediction(for: ["a", "b", "c"], writes: ["b": 1])
        #expect(
            third
                == Cache.Prediction(
                    expectedHead: 14,
                    expectedAppends: 5,
                    knownVersions: [8, 1, -1],
                    canStage: false,
                    afterGroup: 11
                )
        )
        let (fourth, _) = cache.prediction(for: ["a", "b"], writes: [:])
        #expect(fourth.canStage)
        #expect(fourth.afterGroup == 15)
    }

    @Test func aTrustedGroupAccountsForThePredecessorsItWasBuiltBehind() {
        var cache = Harness()
        let (_, first) = cache.prediction(for: ["a", "b"], writes: ["a": 1, "b": 1])
        cache.record(first, trusted: false, head: 2, appends: 1, ["a": 1, "b": 1])
        let (_, second) = cache.prediction(for: ["b"], writes: ["b": 2])
        let (_, third) = cache.prediction(for: ["a"], writes: ["a": 1])
        // The third group completes first; being trusted, the second was appended completely before it.
        cache.record(third, trusted: true, head: 5, appends: 3, ["a": 2])
        cache.record(second, trusted: false, head: 4, appends: 2, ["b": 3])  // older: ignored
        let (next, _) = cache.prediction(for: ["a", "b"], writes: [:])
        #expect(next == Cache.Prediction(expectedHead: 5, expectedAppends: 3, knownVersions: [2, 3], canStage: true))
    }

    @Test func anUntrustedGroupStartsTheStateOver() {
        var cache = Harness()
        let (_, first) = cache.prediction(for: ["a", "b"], writes: ["a": 1, "b": 1])
        cache.record(first, trusted: false, head: 2, appends: 1, ["a": 1, "b": 1])
        // Another writer appended to "b"; this writer's next group finds the head elsewhere.
        let (_, second) = cache.prediction(for: ["a"], writes: ["a": 1])
        cache.record(second, trusted: false, head: 9, appends: 3, ["a": 2])
        let (next, _) = cache.prediction(for: ["a", "b"], writes: [:])
        #expect(next == Cache.Prediction(expectedHead: 9, expectedAppends: 3, knownVersions: [2, -1], canStage: true))
    }

    @Test func aFailedGroupForgetsEverything() {
        var cache = Harness()
        let (_, first) = cache.prediction(for: ["a"], writes: ["a": 1])
        cache.record(first, trusted: false, head: 1, appends: 1, ["a": 1])
        let (_, second) = cache.prediction(for: ["a"], writes: ["a": 1])
        cache.cache.forget(second)
        let (next, _) = cache.prediction(for: ["a"], writes: [:])
        #expect(next == Cache.Prediction(expectedHead: -1, expectedAppends: -1, knownVersions: [-1]))
    }

    @Test func startsOverWhenFull() {
        var cache = Harness(capacity: 2)
        let (_, first) = cache.prediction(for: ["a", "b"], writes: ["a": 1, "b": 1])
        cache.record(first, trusted: false, head: 2, appends: 1, ["a": 1, "b": 1])
        let (_, second) = cache.prediction(for: ["c"], writes: ["c": 1])
        cache.record(second, trusted: true, head: 3, appends: 2, ["c": 1])
        #expect(cache.cache.knownCount == 1)
        let (next, _) = cache.prediction(for: ["a", "c"], writes: [:])
        #expect(next == Cache.Prediction(expectedHead: 3, expectedAppends: 2, knownVersions: [-1, 1], canStage: true))
    }

    @Test func startingOverKeepsWhatCommittingGroupsStillWrite() {
        var cache = Harness(capacity: 3)
        let (_, first) = cache.prediction(for: ["a", "b"], writes: ["a": 1, "b": 1])
        cache.record(first, trusted: false, head: 2, appends: 1, ["a": 1, "b": 1])
        let (_, second) = cache.prediction(for: ["c"], writes: ["c": 1])
        let (_, third) = cache.prediction(for: ["d"], writes: ["d": 2])
        // Four aggregates for a capacity of three: recording the second group starts over, keeping "d", which
        // the third group still writes, and the second group's own "c".
        cache.record(second, trusted: true, head: 3, appends: 2, ["c": 1])
        #expect(cache.cache.knownCount == 1)
        let (next, _) = cache.prediction(for: ["c", "d", "a"], writes: [:])
        #expect(
            next
                == Cache.Prediction(
                    expectedHead: 5,
                    expectedAppends: 3,
                    knownVersions: [1, -1, -1],
                    canStage: false,  // "d" is unknown and the third group writes it
                    afterGroup: 4
                )
        )
        cache.record(third, trusted: true, head: 5, appends: 3, ["d": 2])
        let (last, _) = cache.prediction(for: ["c", "d"], writes: [:])
        #expect(last.knownVersions == [1, 2])
        #expect(last.canStage)
    }
}
