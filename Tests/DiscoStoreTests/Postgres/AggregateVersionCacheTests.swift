import Testing

@testable import DiscoStorePostgres

/// The appender's cache of aggregate versions, without a database: what it predicts, and that every state it
/// is not sure of makes it predict nothing (`disco_append` then looks every version up).
struct AggregateVersionCacheTests {
    private typealias Cache = AggregateVersionCache

    private func effect(_ counts: [String: Int64]) -> Cache.Effect {
        Cache.Effect(eventCount: counts.values.reduce(0, +), eventsByAggregate: counts)
    }

    private func outcome(trusted: Bool, head: Int64, appends: Int64, _ versions: [String: Int64]) -> Cache.Outcome {
        Cache.Outcome(trusted: trusted, head: head, appends: appends, versions: versions)
    }

    @Test func predictsNothingBeforeTheFirstGroupCommitted() {
        var cache = Cache()
        let (prediction, _) = cache.prediction(for: ["a", "b"], effect: self.effect(["a": 1]))
        #expect(prediction == Cache.Prediction(expectedHead: -1, expectedAppends: -1, knownVersions: [-1, -1]))
    }

    @Test func predictsTheStateAfterTheLastGroupAndWhatIsStillCommitting() {
        var cache = Cache()
        let (_, first) = cache.prediction(for: ["a", "b"], effect: self.effect(["a": 2, "b": 1]))
        cache.record(self.outcome(trusted: false, head: 10, appends: 4, ["a": 5, "b": 1]), of: first)

        let (second, _) = cache.prediction(for: ["a", "c"], effect: self.effect(["a": 3, "c": 1]))
        #expect(
            second == Cache.Prediction(expectedHead: 10, expectedAppends: 4, knownVersions: [5, -1], canStage: true)
        )

        // Built while the second group is still committing: its effect is counted in, it commits first, and
        // "c", which it writes, has no known version yet: this group cannot be numbered ahead.
        let (third, _) = cache.prediction(for: ["a", "b", "c"], effect: self.effect(["b": 1]))
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
        let (fourth, _) = cache.prediction(for: ["a", "b"], effect: self.effect([:]))
        #expect(fourth.canStage)
        #expect(fourth.afterGroup == 15)
    }

    @Test func aTrustedGroupAccountsForThePredecessorsItWasBuiltBehind() {
        var cache = Cache()
        let (_, first) = cache.prediction(for: ["a", "b"], effect: self.effect(["a": 1, "b": 1]))
        cache.record(self.outcome(trusted: false, head: 2, appends: 1, ["a": 1, "b": 1]), of: first)
        let (_, second) = cache.prediction(for: ["b"], effect: self.effect(["b": 2]))
        let (_, third) = cache.prediction(for: ["a"], effect: self.effect(["a": 1]))
        // The third group completes first; being trusted, the second was appended completely before it.
        cache.record(self.outcome(trusted: true, head: 5, appends: 3, ["a": 2]), of: third)
        cache.record(self.outcome(trusted: false, head: 4, appends: 2, ["b": 3]), of: second)  // older: ignored
        let (next, _) = cache.prediction(for: ["a", "b"], effect: self.effect([:]))
        #expect(next == Cache.Prediction(expectedHead: 5, expectedAppends: 3, knownVersions: [2, 3], canStage: true))
    }

    @Test func anUntrustedGroupStartsTheStateOver() {
        var cache = Cache()
        let (_, first) = cache.prediction(for: ["a", "b"], effect: self.effect(["a": 1, "b": 1]))
        cache.record(self.outcome(trusted: false, head: 2, appends: 1, ["a": 1, "b": 1]), of: first)
        // Another writer appended to "b"; this writer's next group finds the head elsewhere.
        let (_, second) = cache.prediction(for: ["a"], effect: self.effect(["a": 1]))
        cache.record(self.outcome(trusted: false, head: 9, appends: 3, ["a": 2]), of: second)
        let (next, _) = cache.prediction(for: ["a", "b"], effect: self.effect([:]))
        #expect(next == Cache.Prediction(expectedHead: 9, expectedAppends: 3, knownVersions: [2, -1], canStage: true))
    }

    @Test func aFailedGroupForgetsEverything() {
        var cache = Cache()
        let (_, first) = cache.prediction(for: ["a"], effect: self.effect(["a": 1]))
        cache.record(self.outcome(trusted: false, head: 1, appends: 1, ["a": 1]), of: first)
        let (_, second) = cache.prediction(for: ["a"], effect: self.effect(["a": 1]))
        cache.forget(second)
        let (next, _) = cache.prediction(for: ["a"], effect: self.effect([:]))
        #expect(next == Cache.Prediction(expectedHead: -1, expectedAppends: -1, knownVersions: [-1]))
    }

    @Test func startsOverWhenFull() {
        var cache = Cache(capacity: 2)
        let (_, first) = cache.prediction(for: ["a", "b"], effect: self.effect(["a": 1, "b": 1]))
        cache.record(self.outcome(trusted: false, head: 2, appends: 1, ["a": 1, "b": 1]), of: first)
        let (_, second) = cache.prediction(for: ["c"], effect: self.effect(["c": 1]))
        cache.record(self.outcome(trusted: true, head: 3, appends: 2, ["c": 1]), of: second)
        #expect(cache.knownCount == 1)
        let (next, _) = cache.prediction(for: ["a", "c"], effect: self.effect([:]))
        #expect(next == Cache.Prediction(expectedHead: 3, expectedAppends: 2, knownVersions: [-1, 1], canStage: true))
    }
}
