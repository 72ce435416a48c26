import DiscoStore
import NIOCore
import Testing

@testable import DiscoStoreSQLite

/// The SQLite writer's per-group bookkeeping, without a database.
struct GroupPlanTests {
    private static let at = EventTimestamp(microsecondsSinceEpoch: 1_800_000_000_000_000)

    @Test func emitsOfOneGroupSeeTheEventsOfTheEmitsBeforeThem() throws {
        var plan = GroupPlan(head: 10, emittedAt: Self.at, stored: [:], versions: ["a": 2])
        let first = [EventFactory.event(aggregate: "a"), EventFactory.event()]
        let written = try plan.add(EmitRequest(events: first, expectedVersions: ["a": .exactly(2)])).get()
        #expect(written.events.map(\.offset) == [11, 12])
        #expect(written.events.map(\.aggregateVersion) == [3, nil])

        let retry = try plan.add(EmitRequest(events: first)).get()
        #expect(retry.replayed)
        #expect(retry.events == written.events)

        let stale = plan.add(EmitRequest(events: [EventFactory.event(aggregate: "a")], expectedVersions: ["a": .exactly(2)]))
        #expect(throws: EventStoreError.self) { try stale.get() }
        #expect(plan.rows.map(\.offset) == [11, 12])
        #expect(plan.head == 12)
    }

    @Test func partlyStoredOrChangedEventsNameTheRightID() throws {
        var plan = GroupPlan(head: 0, emittedAt: Self.at, stored: [:], versions: [:])
        let stored = [EventFactory.event(), EventFactory.event()]
        _ = try plan.add(EmitRequest(events: stored)).get()

        let partial = plan.add(EmitRequest(events: [EventFactory.event(), stored[1]]))
        #expect(partial.failure?.eventID == stored[1].id)

        var changed = stored[1]
        changed.payload = ByteBuffer(string: "other")
        let mixed = plan.add(EmitRequest(events: [stored[0], changed]))
        #expect(mixed.failure?.code == .eventIDConflict)
        #expect(mixed.failure?.eventID == changed.id)
        #expect(plan.head == 2)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
