import DiscoStore
import struct Foundation.UUID
import Testing

/// Many writers at once: offsets stay gapless and commit-ordered, and each emit succeeds or fails on its own.
@Suite(.timeLimit(.minutes(2)))
struct ConcurrencyContractTests {
    static let writers = 16
    static let emitsPerWriter = 200

    @Test(arguments: EventStoreBackend.all)
    func tailingReaderSeesEveryEventOnceInOrderWhileManyWrite(backend: EventStoreBackend) async throws {
        try await backend.withFreshStores(1) { stores async throws in
            try await Self.writeAndTail(stores: stores, rounds: 3)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func twoInstancesOnOneDatabaseKeepOneGaplessOrder(backend: EventStoreBackend) async throws {
        try await backend.withFreshStores(2) { stores async throws in
            try await Self.writeAndTail(stores: stores, rounds: 2)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func largeBatchesFromTwoInstancesKeepOneGaplessOrderForTailingReaders(backend: EventStoreBackend) async throws {
        try await backend.withFreshStores(2) { stores async throws in
            try await Self.writeAndTail(stores: stores, rounds: 2, writers: 4, emitsPerWriter: 12) { writer, emit in
                250 + (writer * 7 + emit * 13) % 150
            }
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func conflictingEmitsFailAloneWhileTheirNeighboursSucceed(backend: EventStoreBackend) async throws {
        try await backend.withFreshStores(2) { stores async throws in
            _ = try await stores[0].emit(EventFactory.event(aggregate: "contested"))
            for round in 0..<5 {
                let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                    for emitter in 0..<40 {
                        group.addTask {
                            let store = stores[emitter % 2]
                            let event = EventFactory.event(aggregate: emitter % 4 == 0 ? "contested" : "own-\(round)-\(emitter)")
                            let expected: ExpectedVersion = emitter % 4 == 0 ? .exactly(1) : .noEvents
                            do {
                                _ = try await store.emit(event, expectedVersion: expected)
                                return (emitter, true)
                            } catch let error as EventStoreError where error.code == .versionConflict {
                                return (emitter, false)
                            }
                        }
                    }
                    return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
                }
                let contested = outcomes.filter { $0.key % 4 == 0 }
                #expect(contested.values.filter { $0 }.count == (round == 0 ? 1 : 0), "round \(round)")
                #expect(outcomes.filter { $0.key % 4 != 0 }.allSatisfy { $0.value }, "round \(round)")
            }
            let head = try await stores[0].headOffset()
            #expect(head == 1 + 1 + 5 * 30)
            let all = try await stores[1].events(after: 0, limit: 1_000)
            #expect(all.map(\.offset) == Array(1...head))
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func concurrentRetriesOfOneEmitWriteItOnce(backend: EventStoreBackend) async throws {
        try await backend.withFreshStores(2) { stores async throws in
            let events = EventFactory.events(3, aggregate: "retried")
            let results = try await withThrowingTaskGroup(of: EmitResult.self) { group in
                for attempt in 0..<10 {
                    group.addTask { try await stores[attempt % 2].emit(events) }
                }
                return try await group.reduce(into: [EmitResult]()) { $0.append($1) }
            }
            #expect(results.filter { !$0.replayed }.count == 1)
            #expect(Set(results.map(\.events)).count == 1)
            #expect(try await stores[0].headOffset() == 3)
        }
    }

    /// Writers spread over `stores` emit batches of `size(writer, emit)` events (by default 1–5) while a
    /// reader on each store tails with `events(after:)` and `waitForEvents`; every reader must see every event
    /// exactly once, at consecutive offsets.
    static func writeAndTail(
        stores: [any EventStore],
        rounds: Int,
        writers: Int = Self.writers,
        emitsPerWriter: Int = Self.emitsPerWriter,
        size: @escaping @Sendable (_ writer: Int, _ emit: Int) -> Int = { ($0 + $1) % 5 + 1 }
    ) async throws {
        var start: Int64 = 0
        for round in 0..<rounds {
            let expectedCount = (0..<writers).reduce(0) { sum, writer in
                sum + (0..<emitsPerWriter).reduce(0) { $0 + size(writer, $1) }
            }
            let readStart = start
            try await withThrowingTaskGroup(of: TaskOutcome.self) { group in
                for reader in stores {
                    group.addTask {
                        .read(try await Self.tail(reader, after: readStart, until: readStart + Int64(expectedCount)))
                    }
                }
                for writer in 0..<writers {
                    group.addTask {
                        .wrote(
                            try await Self.write(
                                to: stores[writer % stores.count],
                                writer: writer,
                                round: round,
                                emits: emitsPerWriter,
                                size: size
                            )
                        )
                    }
                }
                var written: [UUID] = []
                var seenByReaders: [[UUID]] = []
                for try await outcome in group {
                    switch outcome {
                    case .read(let ids): seenByReaders.append(ids)
                    case .wrote(let ids): written += ids
                    }
                }
                #expect(written.count == expectedCount)
                #expect(seenByReaders.count == stores.count)
                for seen in seenByReaders {
                    #expect(seen.count == expectedCount)
                    #expect(Set(seen) == Set(written))
                }
            }
            start += Int64(expectedCount)
            #expect(try await stores[0].headOffset() == start)
        }
    }

    private enum TaskOutcome {
        case read([UUID])
        case wrote([UUID])
    }

    private static func write(
        to store: any EventStore,
        writer: Int,
        round: Int,
        emits: Int,
        size: (Int, Int) -> Int
    ) async throws -> [UUID] {
        var ids: [UUID] = []
        for emit in 0..<emits {
            let aggregate = emit % 3 == 0 ? "w\(writer)-r\(round)" : nil
            let events = EventFactory.events(size(writer, emit), aggregate: aggregate, size: 10 + (emit * 37) % 400)
            let result = try await store.emit(events)
            #expect(!result.replayed)
            ids += events.map(\.id)
        }
        return ids
    }

    /// Reads every event after `after` up to `until`, checking that offsets are consecutive.
    private static func tail(_ store: any EventStore, after: Int64, until: Int64) async throws -> [UUID] {
        var seen: [UUID] = []
        var last = after
        while last < until {
            let page = try await store.events(after: last, limit: 500)
            if page.isEmpty {
                _ = try await store.waitForEvents(after: last)
                continue
            }
            for event in page {
                #expect(event.offset == last + 1, "gap or reordering after offset \(last)")
                last = event.offset
                seen.append(event.id)
            }
        }
        return seen
    }
}
