import DiscoProtocol
import DiscoServer
import DiscoTestSupport
import Testing

@Suite("Bad input gets a typed error and never disturbs other connections", .timeLimit(.minutes(2)))
struct MalformedInputTests {
    /// Expects an ERROR with `code` and then, when `closes`, the end of the connection.
    private func expectError(_ code: ErrorCode, closes: Bool, on connection: WireConnection) async throws {
        let (_, answer) = try await connection.receive()
        guard case .error(let error) = answer else {
            Issue.record("expected ERROR \(code), got \(answer)")
            return
        }
        #expect(error.code == code)
        if closes {
            #expect(try await connection.waitForClose())
        } else {
            try await connection.send(.ping(.init(nonce: 77)), requestID: 999)
            #expect(try await connection.answer(to: 999) == .pong(.init(nonce: 77)))
        }
    }

    @Test func aFrameShorterThanItsHeaderClosesTheConnection() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.sendRaw([0, 0, 0, 3, 0x02, 0, 0])
            try await self.expectError(.malformedFrame, closes: true, on: connection)
        }
    }

    @Test func nonzeroFlagsCloseTheConnection() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.sendRaw([0, 0, 0, 14, 0x02, 0x80, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1])
            try await self.expectError(.malformedFrame, closes: true, on: connection)
        }
    }

    @Test func anOversizeFrameIsRefusedFromItsHeaderAlone() async throws {
        try await ServerHarness.withServer(configure: { $0.maxFrameSize = 1024 * 1024 }) { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            // Only the header: the server must answer without waiting for 100 MB.
            try await connection.sendRaw([0x06, 0x00, 0x00, 0x00, 0x10, 0, 0, 0, 0, 9])
            let (id, answer) = try await connection.receive()
            guard case .error(let error) = answer else { Issue.record("expected ERROR, got \(answer)"); return }
            #expect(error.code == .frameTooLarge)
            #expect(id == 9)
            #expect(error.details == .frameTooLarge(limit: 1024 * 1024))
            #expect(try await connection.waitForClose())
        }
    }

    @Test func anOversizeHelloIsRefusedBeforeTheHandshake() async throws {
        try await ServerHarness.withServer { server in
            let connection = try await WireConnection.connect(to: server.address)
            try await connection.sendRaw([0x00, 0x01, 0x00, 0x06, 0x01, 0, 0, 0, 0, 1])
            try await self.expectError(.frameTooLarge, closes: true, on: connection)
        }
    }

    @Test func anUnknownOpcodeIsRefusedAndTheConnectionStays() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.sendRaw([0, 0, 0, 6, 0x7E, 0, 0, 0, 0, 3])
            try await self.expectError(.unknownOpcode, closes: false, on: connection)
        }
    }

    @Test func aServerOpcodeFromAClientIsRefused() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.sendRaw([0, 0, 0, 14, 0x82, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1])
            try await self.expectError(.unknownOpcode, closes: false, on: connection)
        }
    }

    @Test func invalidUTF8InAConsumerNameIsRefused() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            // CONSUMER_GET with the 2-byte string 0xC3 0x28 (an invalid UTF-8 sequence).
            try await connection.sendRaw([0, 0, 0, 10, 0x30, 0, 0, 0, 0, 4, 0, 2, 0xC3, 0x28])
            try await self.expectError(.invalidUTF8, closes: false, on: connection)
        }
    }

    @Test func aBodyWithTrailingBytesIsMalformed() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.sendRaw([0, 0, 0, 15, 0x02, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF])
            try await self.expectError(.malformedFrame, closes: false, on: connection)
        }
    }

    @Test func aTruncatedFrameThenCloseLeavesTheServerServingOthers() async throws {
        try await ServerHarness.withServer { server in
            let (broken, _) = try await WireConnection.open(to: server.address)
            try await broken.sendRaw([0, 0, 1, 0, 0x10, 0, 0, 0, 0, 4, 1, 2, 3])
            await broken.close()

            let (healthy, _) = try await WireConnection.open(to: server.address)
            let emitted = try await healthy.emitted(TestEvents.make(1), requestID: 2)
            #expect(emitted.events.count == 1)
            await healthy.close()
        }
    }

    @Test func garbageFromOneClientDoesNotDisturbAnother() async throws {
        try await ServerHarness.withServer { server in
            let (healthy, _) = try await WireConnection.open(to: server.address)
            try await healthy.send(.subscribe(.init(afterOffset: 0, credit: 10)), requestID: 3)
            #expect(try await healthy.answer(to: 3) == .caughtUp(.init(headOffset: 0)))
            for seed in 0..<20 {
                let garbage = WireConnectionGarbage.bytes(seed: UInt64(seed))
                let connection = try await WireConnection.connect(to: server.address)
                try? await connection.sendRaw(garbage)
                await connection.close()
            }
            let (writer, _) = try await WireConnection.open(to: server.address)
            _ = try await writer.emitted(TestEvents.make(2), requestID: 2)
            let live = try await healthy.collect(requestID: 3, until: .events(2))
            #expect(live.events.map(\.offset) == [1, 2])
            for connection in [healthy, writer] { await connection.close() }
        }
    }
}

/// Deterministic pseudo-random bytes, some of them starting like a frame.
enum WireConnectionGarbage {
    static func bytes(seed: UInt64) -> [UInt8] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var bytes: [UInt8] = seed % 2 == 0 ? [0, 0, 0, 40, 0x01, 0, 0, 0, 0, 1] : []
        for _ in 0..<(64 + Int(seed % 64)) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        return bytes
    }
}
