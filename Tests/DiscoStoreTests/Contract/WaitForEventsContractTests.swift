import DiscoStore
import Testing

/// Waiting for new events.
@Suite(.timeLimit(.minutes(1)))
struct WaitForEventsContractTests {
    @Test(arguments: EventStoreBackend.all)
    func returnsAtOnceWhenTheHeadIsAlreadyPast(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(EventFactory.events(3))
            #expect(try await store.waitForEvents(after: 0) == 3)
            #expect(try await store.waitForEvents(after: 2) == 3)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func wakesWaitersWhenEventsAreCommitted(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            _ = try await store.emit(EventFactory.events(1))
            _ = try await store.waitForEvents(after: 0)
            async let woken = withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await store.waitForEvents(after: 1) }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            try await Task.sleep(for: .milliseconds(100))
            _ = try await store.emit(EventFactory.events(2))
            let heads = try await woken
            #expect(heads.count == 50)
            #expect(heads.allSatisfy { $0 == 3 })
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func waitingIsCancellable(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let waiter = Task { try await store.waitForEvents(after: 1_000) }
            try await Task.sleep(for: .milliseconds(50))
            waiter.cancel()
            await #expect(throws: CancellationError.self) { _ = try await waiter.value }
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func anotherInstanceOnTheSameDatabaseWakesWaiters(backend: EventStoreBackend) async throws {
        try await backend.withFreshStores(2) { stores async throws in
            _ = try await stores[0].emit(EventFactory.events(1))
            #expect(try await stores[1].waitForEvents(after: 0) == 1)
            async let woken = stores[1].waitForEvents(after: 1)
            try await Task.sleep(for: .milliseconds(50))
            _ = try await stores[0].emit(EventFactory.events(4))
            #expect(try await woken == 5)
        }
    }
}
