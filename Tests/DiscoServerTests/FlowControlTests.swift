import DiscoProtocol
import DiscoTestSupport
import Testing

@Suite("Credit-based flow control", .timeLimit(.minutes(2)))
struct FlowControlTests {
    @Test func theServerSendsNoMoreFramesThanTheClientGranted() async throws {
        try await ServerHarness.withServer { server in
            let (writer, _) = try await WireConnection.open(to: server.address)
            for batch in 0..<4 {
                _ = try await writer.emitted(TestEvents.make(2_500, payloadSize: 200), requestID: UInt32(2 + batch))
            }
            // A small max frame size makes each frame hold few events: 10,000 events need many frames.
            let (reader, _) = try await WireConnection.open(to: server.address, codecs: [], maxFrameSize: 64 * 1024)
            try await reader.send(.subscribe(.init(afterOffset: 0, credit: 2)), requestID: 7)
            var offsets: [UInt64] = []
            for _ in 0..<2 {
                let (_, message) = try await reader.receive()
                guard case .events(let batch) = message else { Issue.record("expected EVENTS, got \(message)"); return }
                offsets += batch.map(\.offset)
            }
            await #expect(throws: WireConnection.TimedOut.self) {
                _ = try await reader.receive(timeout: .milliseconds(500))
            }
            try await reader.send(.credit(.init(additional: 1)), requestID: 7)
            let (_, third) = try await reader.receive()
            guard case .events(let batch) = third else { Issue.record("expected EVENTS, got \(third)"); return }
            offsets += batch.map(\.offset)
            #expect(offsets == Array(1...UInt64(offsets.count)))
            #expect(offsets.count < 1_000)
            await #expect(throws: WireConnection.TimedOut.self) {
                _ = try await reader.receive(timeout: .milliseconds(300))
            }
            for connection in [writer, reader] { await connection.close() }
        }
    }

    @Test func aReadWithNoCreditSendsNothingUntilCreditArrives() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            _ = try await connection.emitted(TestEvents.make(10), requestID: 2)
            try await connection.send(.readAfter(.init(afterOffset: 0, credit: 0)), requestID: 3)
            await #expect(throws: WireConnection.TimedOut.self) {
                _ = try await connection.receive(timeout: .milliseconds(300))
            }
            try await connection.send(.credit(.init(additional: 1)), requestID: 3)
            let result = try await connection.collect(requestID: 3)
            #expect(result.events.count == 10)
            #expect(result.end?.reason == .complete)
            await connection.close()
        }
    }
}
