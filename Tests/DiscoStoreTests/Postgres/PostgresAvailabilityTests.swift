import DiscoTestSupport
import DiscoStore
import Logging
import PostgresNIO
import Testing

@testable import DiscoStorePostgres

@Suite(.timeLimit(.minutes(1)))
struct PostgresAvailabilityTests {
    @Test func anUnreachableDatabaseFailsOperationsAsRetriableStorageUnavailable() async throws {
        var configuration = PostgresEventStore.Configuration(host: "127.0.0.1", port: 1, tls: .disable)
        configuration.connectionWaitTimeout = .milliseconds(500)
        configuration.connectTimeout = .milliseconds(200)
        let store = PostgresEventStore(configuration: configuration, logger: TestDatabase.logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await store.run() }
            let emit = await #expect(throws: EventStoreError.self) {
                _ = try await store.emit(EventFactory.event())
            }
            #expect(emit?.code == .storageUnavailable)
            #expect(emit?.code.isRetriable == true)
            let read = await #expect(throws: EventStoreError.self) {
                _ = try await store.headOffset()
            }
            #expect(read?.code == .storageUnavailable)
            group.cancelAll()
        }
        let late = await #expect(throws: EventStoreError.self) { _ = try await store.emit(EventFactory.event()) }
        #expect(late?.code == .shutDown)
    }

    @Test func waitersStillWakeAfterTheListeningConnectionIsKilled() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await RunningStores.postgres(2, configuration: configuration) { stores in
                _ = try await stores[0].emit(EventFactory.event())
                #expect(try await stores[1].waitForEvents(after: 0) == 1)
                try await TestDatabase.execute(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = '\(configuration.database ?? "")' AND query LIKE 'LISTEN%'
                    """,
                    on: configuration
                )
                _ = try await stores[0].emit(EventFactory.events(2))
                #expect(try await stores[1].waitForEvents(after: 1) == 3)
            }
        }
    }
}
