import DiscoProtocol
import DiscoServer
import DiscoTestSupport
import Testing

@Suite("Subscriptions: catch-up, caught-up, live, cancel", .timeLimit(.minutes(2)))
struct SubscriptionTests {
    @Test func catchesUpThenReceivesLiveEventsThenCancels() async throws {
        try await ServerHarness.withServer { server in
            let (writer, _) = try await WireConnection.open(to: server.address)
            let (subscriber, _) = try await WireConnection.open(to: server.address)
            _ = try await writer.emitted(TestEvents.make(5_000, payloadSize: 100), requestID: 2)

            let catchUp = try await subscriber.collectStream(
                .subscribe(.init(afterOffset: 0, credit: 4)),
                requestID: 9,
                until: .caughtUp
            )
            #expect(catchUp.events.map(\.offset) == Array(1...5_000))
            #expect(catchUp.caughtUpAt == 5_000)

            for round in 0..<3 {
                _ = try await writer.emitted(TestEvents.make(10), requestID: UInt32(3 + round))
            }
            let live = try await subscriber.collect(requestID: 9, until: .events(30))
            #expect(live.events.map(\.offset) == Array(5_001...5_030))

            try await subscriber.send(.cancel, requestID: 9)
            let end = try await subscriber.collect(requestID: 9)
            #expect(end.end == .init(reason: .cancelled, eventCount: 5_030, lastPosition: 5_030))
            for connection in [writer, subscriber] { await connection.close() }
        }
    }

    @Test func catchingUpInSmallPagesWhileWritersEmitSeesEveryEventOnceInOrder() async throws {
        // Pages of 7 make the catch-up many range reads with windows read ahead; the writer keeps moving the
        // head while they run.
        try await ServerHarness.withServer(configure: { $0.readPageSize = 7 }) { server in
            let (writer, _) = try await WireConnection.open(to: server.address)
            let (subscriber, _) = try await WireConnection.open(to: server.address)
            _ = try await writer.emitted(TestEvents.make(300), requestID: 2)
            try await subscriber.send(.subscribe(.init(afterOffset: 0, credit: 2)), requestID: 9)
            for round in 0..<20 {
                _ = try await writer.emitted(TestEvents.make(1 + round % 4), requestID: UInt32(3 + round))
            }
            let total = 300 + (0..<20).reduce(0) { $0 + 1 + $1 % 4 }
            let received = try await subscriber.collect(requestID: 9, until: .events(total))
            #expect(received.events.map(\.offset) == (1...total).map { UInt64($0) })
            for connection in [writer, subscriber] { await connection.close() }
        }
    }

    @Test func aFilteredSubscriptionSeesOnlyItsTypesAndStillCatchesUp() async throws {
        try await ServerHarness.withServer { server in
            let (writer, _) = try await WireConnection.open(to: server.address)
            let (subscriber, _) = try await WireConnection.open(to: server.address)
            _ = try await writer.emitted(TestEvents.make(3, type: "a"), requestID: 2)
            _ = try await writer.emitted(TestEvents.make(3, type: "b"), requestID: 3)
            let catchUp = try await subscriber.collectStream(
                .subscribe(.init(afterOffset: 0, types: ["b"], credit: 4)),
                requestID: 5,
                until: .caughtUp
            )
            #expect(catchUp.events.map(\.offset) == [4, 5, 6])
            #expect(catchUp.caughtUpAt == 6)

            _ = try await writer.emitted(TestEvents.make(50, type: "a"), requestID: 4)
            _ = try await writer.emitted(TestEvents.make(2, type: "b"), requestID: 6)
            let live = try await subscriber.collect(requestID: 5, until: .events(2))
            #expect(live.events.map(\.offset) == [57, 58])
            for connection in [writer, subscriber] { await connection.close() }
        }
    }
}
