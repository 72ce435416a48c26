import DiscoStore
import DiscoTestSupport
import NIOCore
import PostgresNIO
import Testing

import struct Foundation.UUID

@testable import DiscoStorePostgres

/// Retries found by the id index (see ``AppendFunction``'s idempotent retries): the first attempt of a group
/// inserts without looking its ids up, and only a group whose insert found a stored id is decided emit by
/// emit — so a retry must be answered exactly as before, whatever its ids and whoever shares its group.
@Suite(.timeLimit(.minutes(2)))
struct IdempotentRetryTests {
    private static func event(_ id: UUID, aggregate: String? = nil, payload: String = "p") -> NewEvent {
        NewEvent(id: id, type: "TestEvent", aggregateID: aggregate, payload: ByteBuffer(string: payload))
    }

    /// An id whose first byte is `first` (so that ids compare in the order of `first`), the rest random.
    private static func id(first: UInt8) -> UUID {
        var bytes = UUID().uuid
        bytes.0 = first
        return UUID(uuid: bytes)
    }

    @Test func aRetryIsReplayedWhateverTheOrderOfItsIds() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                let large = Self.id(first: 0xF0)
                let small = Self.id(first: 0x10)
                let first = try await store.emit([Self.event(large, aggregate: "a"), Self.event(small, aggregate: "a")])
                let retried = try await store.emit([
                    Self.event(large, aggregate: "a"), Self.event(small, aggregate: "a"),
                ])
                #expect(retried.replayed)
                #expect(retried.events == first.events)
                let next = try await store.emit([Self.event(Self.id(first: 0x20), aggregate: "a")])
                #expect(!next.replayed)
                #expect(next.events.first?.offset == 3)
                #expect(next.events.first?.aggregateVersion == 3)
                let conflict = await #expect(throws: EventStoreError.self) {
                    _ = try await store.emit([Self.event(small, aggregate: "a", payload: "other")])
                }
                #expect(conflict?.code == .eventIDConflict)
                #expect(conflict?.eventID == small)
                #expect(try await store.headOffset() == 3)
            }
        }
    }

    /// Retries, id conflicts and new emits submitted at once share groups; each is decided on its own, and the
    /// new ones are written once, gaplessly.
    @Test func retriesAmongNewEmitsInOneGroupLeaveTheirNeighboursWritten() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                let stored = (0..<10).map { _ in Self.event(UUID(), aggregate: "retried") }
                var firstResults: [EmitResult] = []
                for event in stored {
                    firstResults.append(try await store.emit([event]))
                }
                for round in 0..<5 {
                    let outcomes = await withTaskGroup(of: (Int, Result<EmitResult, any Error>).self) { group in
                        for index in 0..<30 {
                            group.addTask {
                                let events: [NewEvent]
                                switch index % 3 {
                                case 0: events = [stored[index / 3]]
                                case 1:
                                    let original = stored[index / 3]
                                    events = [Self.event(original.id, aggregate: "retried", payload: "changed")]
                                default: events = [Self.event(UUID(), aggregate: "new-\(round)")]
                                }
                                do { return (index, .success(try await store.emit(events))) } catch {
                                    return (index, .failure(error))
                                }
                            }
                        }
                        var outcomes: [Int: Result<EmitResult, any Error>] = [:]
                        for await (index, outcome) in group { outcomes[index] = outcome }
                        return outcomes
                    }
                    var newOffsets: [Int64] = []
                    for (index, outcome) in outcomes {
                        switch index % 3 {
                        case 0:
                            let result = try outcome.get()
                            #expect(result.replayed)
                            #expect(result.events == firstResults[index / 3].events)
                        case 1:
                            let conflict = #expect(throws: EventStoreError.self) { try outcome.get() }
                            #expect(conflict?.code == .eventIDConflict)
                            #expect(conflict?.eventID == stored[index / 3].id)
                        default:
                            let result = try outcome.get()
                            #expect(!result.replayed)
                            newOffsets.append(contentsOf: result.events.map(\.offset))
                        }
                    }
                    let before = Int64(10 + round * 10)
                    #expect(newOffsets.sorted() == Array((before + 1)...(before + 10)))
                }
                #expect(try await store.headOffset() == 60)
                let retried = try await store.events(forAggregate: "retried", fromVersion: 1, limit: 100)
                #expect(retried.map(\.id) == stored.map(\.id))
            }
        }
    }

    /// A retried large emit whose group takes the staged path: the staged insert finds the stored ids and the
    /// locked path replays it.
    @Test func aRetriedStagedEmitIsReplayedAndItsNeighbourWritten() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                let events = (0..<400).map { index in Self.event(UUID(), aggregate: "agg-\(index % 10)") }
                _ = try await store.emit((0..<400).map { _ in Self.event(UUID()) })
                let first = try await store.emit(events)
                let refusedBefore = store.stagedAppends.refused
                let retried = try await store.emit(events)
                #expect(retried.replayed)
                #expect(retried.events == first.events)
                #expect(store.stagedAppends.refused == refusedBefore + 1)
                let next = try await store.emit(
                    (0..<400).map { index in Self.event(UUID(), aggregate: "agg-\(index % 10)") }
                )
                #expect(next.events.first?.offset == 801)
                #expect(next.events.first?.aggregateVersion == 41)
            }
        }
    }
}
