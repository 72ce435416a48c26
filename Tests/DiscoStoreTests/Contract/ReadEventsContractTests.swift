import DiscoStore
import NIOCore
import Testing

/// Reading a range of the log with `readEvents`: complete, in order, bounded, and stoppable.
@Suite(.timeLimit(.minutes(1)))
struct ReadEventsContractTests {
    @Test(arguments: EventStoreBackend.all)
    func readsEveryEventOfTheRangeInOrderInFullPages(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(Self.numbered(1...23))
            let pages = try await Self.pages(of: store, after: 3, through: 20, pageSize: 5)
            #expect(pages.map(\.count) == [5, 5, 5, 2])
            #expect(pages.joined().map(\.offset) == Array(4...20))
            #expect(pages.joined().map { String(buffer: $0.payload) } == (4...20).map { "event \($0)" })
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func readsUpToTheHeadWhenNoEndIsGivenOrTheEndIsBeyondIt(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(Self.numbered(1...12))
            #expect(try await Self.offsets(of: store, after: 0, through: nil, pageSize: 5) == Array(1...12))
            #expect(try await Self.offsets(of: store, after: 10, through: 1_000, pageSize: 5) == [11, 12])
            #expect(try await Self.offsets(of: store, after: 12, through: nil, pageSize: 5) == [])
            #expect(try await Self.offsets(of: store, after: 7, through: 7, pageSize: 5) == [])
            #expect(try await Self.offsets(of: store, after: 7, through: 3, pageSize: 5) == [])
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func pagesOfOneEventWork(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(Self.numbered(1...4))
            let pages = try await Self.pages(of: store, after: 0, through: nil, pageSize: 1)
            #expect(pages.map { $0.map(\.offset) } == [[1], [2], [3], [4]])
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func filtersByTypeAcrossPagesAndStopsAtTheEnd(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let events = (1...30).map { n in
                EventFactory.event(n % 3 == 0 ? "Shipped" : "Placed", payload: "event \(n)")
            }
            _ = try await store.emit(events)
            var offsets: [Int64] = []
            try await store.readEvents(after: 2, through: 25, types: ["Shipped"], pageSize: 3) { page in
                #expect(!page.isEmpty && page.count <= 3)
                #expect(page.allSatisfy { $0.type == "Shipped" })
                offsets += page.map(\.offset)
                return true
            }
            #expect(offsets == [3, 6, 9, 12, 15, 18, 21, 24])
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func stopsWhenTheConsumerSaysSoAndTheStoreGoesOn(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(Self.numbered(1...100))
            for round in 0..<5 {
                var calls = 0
                try await store.readEvents(after: 0, through: nil, types: [], pageSize: 10) { page in
                    calls += 1
                    #expect(page.first?.offset == Int64(calls - 1) * 10 + 1)
                    return calls < 2
                }
                #expect(calls == 2, "round \(round)")
            }
            let result = try await store.emit(Self.numbered(101...101))
            #expect(result.events.map(\.offset) == [101])
            #expect(try await Self.offsets(of: store, after: 95, through: nil, pageSize: 10) == Array(96...101))
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func eventsCommittedDuringTheReadAreNotPartOfIt(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(Self.numbered(1...40))
            var offsets: [Int64] = []
            try await store.readEvents(after: 0, through: nil, types: [], pageSize: 10) { page in
                offsets += page.map(\.offset)
                _ = try await store.emit(EventFactory.events(10))
                return true
            }
            #expect(offsets == Array(1...40))
            #expect(try await store.headOffset() == 80)
            // An end beyond the head is the head when the read starts, not a bound to wait or look for.
            offsets = []
            try await store.readEvents(after: 70, through: 1_000, types: [], pageSize: 4) { page in
                offsets += page.map(\.offset)
                _ = try await store.emit(EventFactory.events(4))
                return true
            }
            #expect(offsets == Array(71...80))
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func readsWhileManyWriteSeeEveryEventOnceInOrder(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for emit in 0..<50 {
                            _ = try await store.emit(EventFactory.events(1 + (writer + emit) % 7))
                        }
                    }
                }
                group.addTask {
                    var position: Int64 = 0
                    var reads = 0
                    while reads < 60 {
                        try await store.readEvents(after: position, through: nil, types: [], pageSize: 8) { page in
                            #expect(page.first?.offset == position + 1, "no gap before the page")
                            #expect(zip(page, page.dropFirst()).allSatisfy { $1.offset == $0.offset + 1 })
                            position = page.last?.offset ?? position
                            return true
                        }
                        reads += 1
                    }
                }
                try await group.waitForAll()
            }
            let head = try await store.headOffset()
            let everything = try await Self.offsets(of: store, after: 0, through: nil, pageSize: 64)
            let emitted = (0..<4).flatMap { writer in (0..<50).map { emit in 1 + (writer + emit) % 7 } }
            #expect(head == Int64(emitted.reduce(0, +)))
            #expect(everything == Array(1...head))
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func rejectsInvalidArguments(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            await #expect(throws: EventStoreError.self) {
                try await store.readEvents(after: 0, through: nil, types: [], pageSize: 0) { _ in true }
            }
            await #expect(throws: EventStoreError.self) {
                try await store.readEvents(after: 0, through: nil, types: [""], pageSize: 10) { _ in true }
            }
        }
    }

    /// Events whose payloads say their expected offset, for a store emitted into from offset `numbers.first`.
    static func numbered(_ numbers: ClosedRange<Int>) -> [NewEvent] {
        numbers.map { EventFactory.event(payload: "event \($0)") }
    }

    static func pages(
        of store: any EventStore,
        after offset: Int64,
        through end: Int64?,
        pageSize: Int
    ) async throws -> [[RecordedEvent]] {
        var pages: [[RecordedEvent]] = []
        try await store.readEvents(after: offset, through: end, types: [], pageSize: pageSize) { page in
            pages.append(page)
            return true
        }
        return pages
    }

    static func offsets(
        of store: any EventStore,
        after offset: Int64,
        through end: Int64?,
        pageSize: Int
    ) async throws -> [Int64] {
        try await Self.pages(of: store, after: offset, through: end, pageSize: pageSize).joined().map(\.offset)
    }
}
