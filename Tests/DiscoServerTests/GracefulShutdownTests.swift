import DiscoProtocol
import DiscoStore
import DiscoStorePostgres
import DiscoTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Graceful shutdown", .timeLimit(.minutes(2)))
struct GracefulShutdownTests {
    @Test func everyAcknowledgedEmitIsStoredAndStreamsEndWithShuttingDown() async throws {
        try await TestDatabase.withFreshDatabase { database in
            let acknowledged = LockedBox<[UInt64]>([])
            try await ServerHarness.withServer(database: database) { server in
                let (subscriber, _) = try await WireConnection.open(to: server.address)
                try await subscriber.send(.subscribe(.init(afterOffset: 0, credit: 100_000)), requestID: 3)
                #expect(try await subscriber.answer(to: 3) == .caughtUp(.init(headOffset: 0)))

                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            // Under load a writer may connect only once shutdown began: nothing to emit then.
                            guard let (writer, _) = try? await WireConnection.open(to: server.address) else { return }
                            var requestID: UInt32 = 10
                            while true {
                                requestID += 1
                                let answer: ServerMessage
                                do {
                                    answer = try await writer.emit(TestEvents.make(5), requestID: requestID)
                                } catch {
                                    return  // the connection closed during shutdown
                                }
                                switch answer {
                                case .emitted(let emitted):
                                    acknowledged.withLock { $0 += emitted.events.map(\.offset) }
                                case .error(let error):
                                    #expect(error.code == .shuttingDown)
                                    #expect(error.code.isRetriable)
                                    return
                                default:
                                    Issue.record("unexpected answer \(answer)")
                                    return
                                }
                            }
                        }
                    }
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(400))
                        await server.services.triggerGracefulShutdown()
                    }
                    try await group.waitForAll()
                }
                let ending = try await subscriber.collect(requestID: 3, refill: 0)
                #expect(ending.error?.code == .shuttingDown)
            }
            let offsets = acknowledged.withLock { $0 }
            #expect(offsets.count > 0)
            try await PostgresEventStore.withStore(configuration: database, logger: ServerHarness.logger) { store in
                let stored = try await store.events(after: 0, types: [], limit: 1_000_000)
                let storedOffsets = Set(stored.map { UInt64($0.offset) })
                #expect(Set(offsets).isSubset(of: storedOffsets))
            }
        }
    }
}
