import DiscoStore
import NIOCore
import Testing

/// Emitting and reading back: what every ``EventStore`` backend must do.
@Suite(.timeLimit(.minutes(1)))
struct EmitContractTests {
    @Test(arguments: EventStoreBackend.all)
    func emittedEventsReadBackUnchangedInOffsetOrder(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let events = [
                EventFactory.event("OrderPlaced", aggregate: "order-1", meta: "trace=1"),
                EventFactory.event("Audit"),
                EventFactory.event("OrderPaid", aggregate: "order-1"),
            ]
            let result = try await store.emit(events)
            #expect(!result.replayed)
            #expect(result.events.map(\.offset) == [1, 2, 3])
            #expect(result.events.map(\.aggregateVersion) == [1, nil, 2])
            #expect(Set(result.events.map(\.emittedAt)).count == 1)

            let read = try await store.events(after: 0, limit: 10)
            #expect(read.map(\.offset) == [1, 2, 3])
            #expect(read.map(\.id) == events.map(\.id))
            #expect(read.map(\.type) == events.map(\.type))
            #expect(read.map(\.aggregateID) == events.map(\.aggregateID))
            #expect(read.map(\.aggregateVersion) == [1, nil, 2])
            #expect(read.map(\.payload) == events.map(\.payload))
            #expect(read.map(\.meta) == events.map(\.meta))
            #expect(read.map(\.emittedAt) == result.events.map(\.emittedAt))
            #expect(try await store.headOffset() == 3)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func emptyStoreHasHeadZeroAndNoEvents(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            #expect(try await store.headOffset() == 0)
            #expect(try await store.events(after: 0, limit: 10).isEmpty)
            #expect(try await store.events(forAggregate: "nobody", fromVersion: 1, limit: 10).isEmpty)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func offsetsAreGaplessAndPagesFollowOffsetOrder(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            var emitted: [Int64] = []
            for size in [1, 5, 2, 9, 3, 5] {
                emitted += try await store.emit(EventFactory.events(size)).events.map(\.offset)
            }
            #expect(emitted == Array(1...25))
            var read: [Int64] = []
            var after: Int64 = 0
            while true {
                let page = try await store.events(after: after, limit: 7)
                guard let last = page.last else { break }
                #expect(page.count <= 7)
                read += page.map(\.offset)
                after = last.offset
            }
            #expect(read == emitted)
            #expect(try await store.events(after: 20, limit: 100).map(\.offset) == Array(21...25))
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func emittedAtNeverDecreasesWithOffset(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            for _ in 0..<5 {
                _ = try await store.emit(EventFactory.events(2))
            }
            let times = try await store.events(after: 0, limit: 100).map(\.emittedAt)
            #expect(times == times.sorted())
            #expect(times.allSatisfy { $0.microsecondsSinceEpoch > 1_700_000_000_000_000 })
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func aggregateVersionsCountPerAggregate(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit([EventFactory.event(aggregate: "a"), EventFactory.event(aggregate: "b")])
            _ = try await store.emit([EventFactory.event(aggregate: "a"), EventFactory.event(aggregate: "a")])
            let result = try await store.emit(EventFactory.event(aggregate: "b"))
            #expect(result.events.map(\.aggregateVersion) == [2])

            let a = try await store.events(forAggregate: "a", fromVersion: 1, limit: 10)
            #expect(a.map(\.aggregateVersion) == [1, 2, 3])
            #expect(a.map(\.offset) == [1, 3, 4])
            let fromTwo = try await store.events(forAggregate: "a", fromVersion: 2, limit: 1)
            #expect(fromTwo.map(\.aggregateVersion) == [2])
            let b = try await store.events(forAggregate: "b", fromVersion: 1, limit: 10)
            #expect(b.map(\.offset) == [2, 5])
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func typeFiltersReturnOnlyThoseTypesInOffsetOrder(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let types = ["A", "B", "C", "A", "C", "B", "A", "A", "C"]
            _ = try await store.emit(types.map { EventFactory.event($0) })
            let aAndC = try await store.events(after: 0, types: ["A", "C"], limit: 100)
            #expect(aAndC.map(\.offset) == [1, 3, 4, 5, 7, 8, 9])
            #expect(aAndC.allSatisfy { $0.type == "A" || $0.type == "C" })

            let paged = try await store.events(after: 3, types: ["C", "A"], limit: 3)
            #expect(paged.map(\.offset) == [4, 5, 7])
            #expect(try await store.events(after: 0, types: ["B"], limit: 1).map(\.offset) == [2])
            #expect(try await store.events(after: 0, types: ["Unknown"], limit: 10).isEmpty)
            #expect(try await store.events(after: 0, types: ["B", "B"], limit: 10).map(\.offset) == [2, 6])
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func largeAndEmptyPayloadsRoundTrip(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let large = ByteBuffer(bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
            let events = [
                NewEvent(type: "Large", payload: large, meta: large),
                NewEvent(type: "Empty", payload: ByteBuffer()),
            ]
            _ = try await store.emit(events)
            let read = try await store.events(after: 0, limit: 10)
            #expect(read.map(\.payload) == [large, ByteBuffer()])
            #expect(read.map(\.meta) == [large, ByteBuffer()])
        }
    }
}
