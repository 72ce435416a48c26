import DiscoStore
import NIOCore
import Testing

/// Expected versions, idempotent retries and id conflicts.
@Suite(.timeLimit(.minutes(1)))
struct ExpectationContractTests {
    @Test(arguments: EventStoreBackend.all)
    func expectedVersionsAcceptMatchesAndRejectMismatchesWritingNothing(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(EventFactory.event(aggregate: "cart"), expectedVersion: .noEvents)
            _ = try await store.emit(EventFactory.event(aggregate: "cart"), expectedVersion: .exactly(1))
            _ = try await store.emit(EventFactory.event(aggregate: "cart"), expectedVersion: .any)

            let noEvents = await #expect(throws: EventStoreError.self) {
                _ = try await store.emit(EventFactory.event(aggregate: "cart"), expectedVersion: .noEvents)
            }
            #expect(noEvents?.code == .versionConflict)
            #expect(noEvents?.aggregateID == "cart")
            #expect(noEvents?.expectedVersion == .noEvents)
            #expect(noEvents?.actualVersion == 3)

            let stale = await #expect(throws: EventStoreError.self) {
                _ = try await store.emit(
                    [EventFactory.event(aggregate: "cart"), EventFactory.event(aggregate: "other")],
                    expectedVersions: ["cart": .exactly(2)]
                )
            }
            #expect(stale?.code == .versionConflict)
            #expect(stale?.actualVersion == 3)
            #expect(stale?.code.isRetriable == false)
            #expect(try await store.headOffset() == 3)
            #expect(try await store.events(forAggregate: "other", fromVersion: 1, limit: 10).isEmpty)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func expectationsMayNameAggregatesWithoutEventsInTheEmit(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(EventFactory.event(aggregate: "account"))
            let ok = try await store.emit([EventFactory.event(aggregate: "ledger")], expectedVersions: ["account": .exactly(1)])
            #expect(ok.events.map(\.aggregateVersion) == [1])
            let error = await #expect(throws: EventStoreError.self) {
                _ = try await store.emit([EventFactory.event(aggregate: "ledger")], expectedVersions: ["account": .noEvents])
            }
            #expect(error?.code == .versionConflict)
            #expect(error?.actualVersion == 1)
            #expect(try await store.headOffset() == 2)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func retriedEmitIsReplayedWithTheStoredValues(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let events = [EventFactory.event(aggregate: "x"), EventFactory.event(), EventFactory.event(aggregate: "x")]
            let first = try await store.emit(events, expectedVersions: ["x": .noEvents])
            _ = try await store.emit(EventFactory.event(aggregate: "x"))
            let retry = try await store.emit(events, expectedVersions: ["x": .noEvents])
            #expect(retry.replayed)
            #expect(retry.events == first.events)
            #expect(try await store.headOffset() == 4)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func partlyStoredOrMismatchedIDsAreConflictsWritingNothing(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let stored = EventFactory.event("Stored", aggregate: "s")
            _ = try await store.emit(stored)
            let fresh = EventFactory.event()
            let partial = await #expect(throws: EventStoreError.self) {
                _ = try await store.emit([stored, fresh])
            }
            #expect(partial?.code == .eventIDConflict)
            #expect(partial?.eventID == stored.id)

            var retyped = stored
            retyped.type = "Other"
            let mismatch = await #expect(throws: EventStoreError.self) {
                _ = try await store.emit(retyped)
            }
            #expect(mismatch?.code == .eventIDConflict)
            #expect(mismatch?.eventID == stored.id)

            var moved = stored
            moved.aggregateID = "elsewhere"
            await #expect(throws: EventStoreError.self) { _ = try await store.emit(moved) }

            var rewritten = stored
            rewritten.payload = ByteBuffer(string: "{\"other\":true}")
            let changedPayload = await #expect(throws: EventStoreError.self) {
                _ = try await store.emit(rewritten)
            }
            #expect(changedPayload?.code == .eventIDConflict)
            #expect(try await store.headOffset() == 1)
        }
    }
}
