import DiscoStore
import struct Foundation.UUID
import Testing

@testable import DiscoStorePostgres

struct AppendGroupTests {
    @Test func emitsThatDependOnTheGroupWaitForTheNextOne() {
        var group = AppendGroup(writer: UUID())
        func canAdd(_ request: EmitRequest) -> Bool { group.canAdd(request) }
        let first = EmitRequest(events: [EventFactory.event(aggregate: "a")])
        #expect(canAdd(first))
        group.add(first)
        #expect(!canAdd(EmitRequest(events: [EventFactory.event()], expectedVersions: ["a": .exactly(1)])))
        #expect(canAdd(EmitRequest(events: [EventFactory.event(aggregate: "a")])))
        #expect(canAdd(EmitRequest(events: [EventFactory.event()], expectedVersions: ["b": .noEvents])))
        #expect(canAdd(EmitRequest(events: [EventFactory.event()], expectedVersions: ["a": .any])))
        #expect(!canAdd(first))
        #expect(group.eventCount == 1)
    }

    @Test func anEmitRepeatingAnIDOfTheGroupWaitsForTheNextOne() {
        var group = AppendGroup(writer: UUID())
        func canAdd(_ request: EmitRequest) -> Bool { group.canAdd(request) }
        let first = EmitRequest(events: [EventFactory.event(), EventFactory.event(aggregate: "a")])
        group.add(first)  // added without asking first: the group's ids are collected only when needed
        let repeated = EmitRequest(events: [EventFactory.event(), first.events[1]])
        #expect(!canAdd(repeated))
        let other = EmitRequest(events: [EventFactory.event()])
        #expect(canAdd(other))
        group.add(other)
        #expect(!canAdd(EmitRequest(events: [other.events[0]])))
    }

    @Test func writtenEmitsAreNumberedAroundRejectedOnes() throws {
        var group = AppendGroup(writer: UUID())
        group.add(EmitRequest(events: [EventFactory.event(aggregate: "a"), EventFactory.event()]))
        group.add(EmitRequest(events: [EventFactory.event(aggregate: "b")], expectedVersions: ["b": .exactly(4)]))
        group.add(EmitRequest(events: [EventFactory.event(aggregate: "b"), EventFactory.event(aggregate: "a")]))
        let rows = [
            AppendResultRow(emit: 2, status: AppendResultRow.versionConflict, conflictAggregate: "b", conflictActual: 7),
            AppendResultRow(
                emit: 0, status: AppendResultRow.written, firstOffset: 11, emittedAt: 5, versions: [2, 7],
                trusted: true, appends: 3
            ),
        ]
        let (outcomes, groupOutcome) = try group.outcomes(from: rows)
        let first = try outcomes[0].get()
        #expect(first.events.map(\.offset) == [11, 12])
        #expect(first.events.map(\.aggregateVersion) == [3, nil])
        #expect(throws: EventStoreError.self) { try outcomes[1].get() }
        let third = try outcomes[2].get()
        #expect(third.events.map(\.offset) == [13, 14])
        #expect(third.events.map(\.aggregateVersion) == [8, 4])
        #expect(third.events.allSatisfy { $0.emittedAt == EventTimestamp(microsecondsSinceEpoch: 5) })
        #expect(groupOutcome.head == 14)
        #expect(groupOutcome.appends == 3)
        #expect(groupOutcome.trusted)
        #expect(groupOutcome.versions == [4, 8])  // per aggregate of the group: "a", "b"
    }

    @Test func theEffectCountsEventsPerWrittenAggregate() {
        var group = AppendGroup(writer: UUID())
        group.add(EmitRequest(events: [EventFactory.event(aggregate: "a"), EventFactory.event()]))
        group.add(EmitRequest(events: [EventFactory.event(aggregate: "a")], expectedVersions: ["b": .exactly(4)]))
        #expect(group.aggregateIDs == ["a", "b"])
        #expect(group.effect.eventCount == 3)
        #expect(group.effect.eventsPerAggregate == [2, 0])  // "b" is only expected, not written
    }

    @Test func uuidsOrderBytewiseLikePostgreSQL() throws {
        let low = try #require(UUID(uuidString: "00000000-0000-7000-8000-0000000000FF"))
        let high = try #require(UUID(uuidString: "00000000-0000-7000-8000-000000000100"))
        #expect(low.isOrdered(before: high))
        #expect(!high.isOrdered(before: low))
        #expect(!low.isOrdered(before: low))
        let highWordLow = try #require(UUID(uuidString: "00FFFFFF-FFFF-7FFF-BFFF-FFFFFFFFFFFF"))
        let highWordHigh = try #require(UUID(uuidString: "01000000-0000-7000-8000-000000000000"))
        #expect(highWordLow.isOrdered(before: highWordHigh))
        #expect(!highWordHigh.isOrdered(before: highWordLow))
    }
}
