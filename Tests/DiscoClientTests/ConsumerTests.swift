import DiscoClient
import DiscoTestSupport
import Testing

@Suite("The consumer helper", .timeLimit(.minutes(3)))
struct ConsumerTests {
    struct HandlerFailed: Error {}

    @Test func commitsAsItGoesAndResumesFromItsOffsetAfterARestart() async throws {
        try await TestDatabase.withFreshDatabase { database in
            let first = try await RunningServer.start(database: database)
            let port = first.port
            try await ClientHarness.withClient(first.address) { client in
                try await client.emit(TestEvents.make(30))
                let consumer = DiscoConsumer(client: client, name: "projector", commitPolicy: .every(10, orAfter: .seconds(60)))
                let seen = try await runConsumer(until: 30) { handler in try await consumer.run(handler) }
                #expect(seen == Array(1...30))
                #expect(try await client.consumerOffset("projector").offset == 30)

                try await first.stop()
                let second = try await RunningServer.start(database: database, port: port)
                try await client.emit(TestEvents.make(5))
                let resumed = try await runConsumer(until: 5) { handler in
                    try await client.consume(name: "projector", handler)
                }
                #expect(resumed == Array(31...35))
                #expect(try await client.consumerOffset("projector").offset == 35)
                try await second.stop()
            }
        }
    }

    @Test func neverCommitsPastAFailingHandlerAndRestartsAtTheFailedEvent() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            try await client.emit(TestEvents.make(10))
            let consumer = DiscoConsumer(client: client, name: "fragile", commitPolicy: .every(100))
            await #expect(throws: HandlerFailed.self) {
                try await consumer.run { event in
                    if event.offset == 7 { throw HandlerFailed() }
                }
            }
            #expect(try await client.consumerOffset("fragile").offset == 6)
            let retried = LockedBox<UInt64?>(nil)
            await #expect(throws: HandlerFailed.self) {
                try await consumer.run { event in
                    retried.withLock { $0 = $0 ?? event.offset }
                    throw HandlerFailed()
                }
            }
            #expect(retried.withLock { $0 } == 7)
            #expect(try await client.consumerOffset("fragile").offset == 6)
        }
    }
}
