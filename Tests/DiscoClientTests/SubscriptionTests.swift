import DiscoClient
import DiscoTestSupport
import NIOCore
import Testing

@Suite("Subscriptions through DiscoClient", .timeLimit(.minutes(3)))
struct SubscriptionTests {
    @Test func catchesUpSaysSoOnceThenDeliversLiveEvents() async throws {
        try await ClientHarness.withServerAndClient(configure: { $0.streamBufferFrames = 2 }) { client, _ in
            try await client.emit(TestEvents.make(20))
            var offsets: [UInt64] = []
            var caughtUpAt: [UInt64] = []
            for try await element in client.subscribe(after: 5) {
                switch element {
                case .caughtUp(let head):
                    caughtUpAt.append(head)
                    try await client.emit(TestEvents.make(10))
                case .event(let event):
                    offsets.append(event.offset)
                }
                if offsets.count == 25 { break }
            }
            #expect(offsets == Array(6...30))
            #expect(caughtUpAt == [20])
        }
    }

    @Test func filtersByType() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            try await client.emit(TestEvents.make(3, type: "a") + TestEvents.make(3, type: "b"))
            var types: [String] = []
            for try await element in client.subscribe(types: ["b"]) {
                guard case .event(let event) = element else { break }
                types.append(event.type)
            }
            #expect(types == ["b", "b", "b"])
        }
    }

    @Test func cancellingTheConsumingTaskEndsTheSubscription() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            let (caughtUp, signal) = AsyncStream.makeStream(of: Void.self)
            let consumer = Task {
                for try await element in client.subscribe() {
                    if case .caughtUp = element { signal.yield() }
                }
            }
            for await _ in caughtUp { break }
            consumer.cancel()
            do {
                try await consumer.value
            } catch is CancellationError {
                // Iteration in a cancelled task may end or throw CancellationError: both end the subscription.
            }
            try await client.ping()
        }
    }

    @Test func resumesAfterTheServerIsKilledWithNoGapAndNoDuplicate() async throws {
        try await TestDatabase.withFreshDatabase { database in
            let first = try await RunningServer.start(database: database)
            let port = first.port
            let second = try await ClientHarness.withClient(first.address, configure: { $0.streamBufferFrames = 2 }) { client in
                try await client.emit(TestEvents.make(100))
                var offsets: [UInt64] = []
                var second: RunningServer?
                for try await element in client.subscribe() {
                    guard case .event(let event) = element else { continue }
                    offsets.append(event.offset)
                    if offsets.count == 50 {
                        await first.kill()
                        second = try await RunningServer.start(database: database, port: port)
                        try await client.emit(TestEvents.make(100))
                    }
                    if offsets.count == 200 { break }
                }
                #expect(offsets == Array(1...200))
                guard let second else { throw HarnessError("the server was not restarted") }
                return second
            }
            try await second.stop()
        }
    }
}
