import DiscoProtocol
import DiscoTestSupport
import Testing

@Suite("Two servers on one database give one consistent log", .timeLimit(.minutes(2)))
struct TwoServersTests {
    @Test func subscribersOnEitherServerSeeEveryEventInOneOrder() async throws {
        try await TestDatabase.withFreshDatabase { database in
            try await ServerHarness.withServer(database: database) { first in
                try await ServerHarness.withServer(database: database) { second in
                    let (subscriberA, _) = try await WireConnection.open(to: first.address)
                    let (subscriberB, _) = try await WireConnection.open(to: second.address)
                    for (connection, id) in [(subscriberA, UInt32(5)), (subscriberB, UInt32(6))] {
                        try await connection.send(.subscribe(.init(afterOffset: 0, credit: 1_000)), requestID: id)
                        #expect(try await connection.answer(to: id) == .caughtUp(.init(headOffset: 0)))
                    }
                    let total = 8 * 25 * 2
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for writerIndex in 0..<8 {
                            let address = writerIndex.isMultiple(of: 2) ? first.address : second.address
                            group.addTask {
                                let (writer, _) = try await WireConnection.open(to: address)
                                for round in 0..<25 {
                                    _ = try await writer.emitted(TestEvents.make(2), requestID: UInt32(10 + round))
                                }
                                await writer.close()
                            }
                        }
                        try await group.waitForAll()
                    }
                    let seenA = try await subscriberA.collect(requestID: 5, refill: 0, until: .events(total))
                    let seenB = try await subscriberB.collect(requestID: 6, refill: 0, until: .events(total))
                    #expect(seenA.events.map(\.offset) == Array(1...UInt64(total)))
                    #expect(seenA.events == seenB.events)
                    for connection in [subscriberA, subscriberB] { await connection.close() }
                }
            }
        }
    }
}
