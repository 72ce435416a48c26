import DiscoStore
import NIOCore
import Testing

/// Arguments every backend rejects with `invalidArgument`, doing nothing.
@Suite(.timeLimit(.minutes(1)))
struct InvalidArgumentContractTests {
    @Test(arguments: EventStoreBackend.all)
    func invalidEmitsAreRejected(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let event = EventFactory.event()
            let later = EventFactory.event()
            let invalid: [EmitRequest] = [
                EmitRequest(events: []),
                EmitRequest(events: [EventFactory.event("")]),
                EmitRequest(events: [EventFactory.event("Nul\u{0}Type")]),
                EmitRequest(events: [EventFactory.event(aggregate: "")]),
                EmitRequest(events: [event, event]),
                EmitRequest(events: [event, later, event]),
                EmitRequest(events: [EventFactory.event(aggregate: "a")], expectedVersions: ["": .noEvents]),
                EmitRequest(events: [EventFactory.event(aggregate: "a")], expectedVersions: ["a": .exactly(-1)]),
            ]
            for request in invalid {
                let error = await #expect(throws: EventStoreError.self) { _ = try await store.emit(request) }
                #expect(error?.code == .invalidArgument)
            }
            #expect(try await store.headOffset() == 0)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func invalidReadsAndConsumerCallsAreRejected(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await store.events(after: 0, limit: 0) },
                { _ = try await store.events(after: 0, types: [""], limit: 10) },
                { _ = try await store.events(forAggregate: "", fromVersion: 1, limit: 10) },
                { _ = try await store.events(forAggregate: "a", fromVersion: 1, limit: -1) },
                { _ = try await store.consumerOffset("") },
                { try await store.updateConsumerOffset("c", to: -1) },
                { try await store.updateConsumerOffset("c", to: 1, expected: -2) },
                { try await store.resetConsumerOffset("") },
            ]
            for call in calls {
                let error = await #expect(throws: EventStoreError.self) { try await call() }
                #expect(error?.code == .invalidArgument)
            }
        }
    }
}
