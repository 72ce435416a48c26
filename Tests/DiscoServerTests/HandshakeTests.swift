import DiscoProtocol
import DiscoServer
import DiscoTestSupport
import Testing

@Suite("Handshake, version negotiation and authentication", .timeLimit(.minutes(2)))
struct HandshakeTests {
    @Test func helloIsAnsweredWithTheNegotiatedParameters() async throws {
        try await ServerHarness.withServer { server in
            let (connection, ok) = try await WireConnection.open(to: server.address, codecs: [.zlib, .none])
            #expect(ok.version == .v1)
            #expect(ok.codec == .zlib)
            #expect(ok.maxFrameSize == 16 * 1024 * 1024)
            #expect(ok.maxInFlight == 256)
            #expect(ok.maxBatchEvents == 10_000)
            try await connection.send(.ping(.init(nonce: 42)), requestID: 7)
            #expect(try await connection.answer(to: 7) == .pong(.init(nonce: 42)))
            await connection.close()
        }
    }

    @Test func aClientWithoutCompressionGetsNone() async throws {
        try await ServerHarness.withServer { server in
            let (connection, ok) = try await WireConnection.open(to: server.address, codecs: [])
            #expect(ok.codec == BatchCodec.none)
            await connection.close()
        }
    }

    @Test func noCommonVersionIsRefusedWithTheServersRange() async throws {
        try await ServerHarness.withServer { server in
            let connection = try await WireConnection.connect(to: server.address)
            var hello = ClientMessage.Hello.hello()
            hello.minVersion = ProtocolVersion(rawValue: 2)
            hello.maxVersion = ProtocolVersion(rawValue: 5)
            try await connection.send(.hello(hello), requestID: 1)
            let (_, answer) = try await connection.receive()
            guard case .error(let error) = answer else { Issue.record("expected ERROR, got \(answer)"); return }
            #expect(error.code == .unsupportedVersion)
            #expect(error.details == .unsupportedVersion(min: 1, max: 1))
            #expect(try await connection.waitForClose())
        }
    }

    @Test func aRequestBeforeHelloIsRefusedAndTheConnectionCloses() async throws {
        try await ServerHarness.withServer { server in
            let connection = try await WireConnection.connect(to: server.address)
            try await connection.send(.ping(.init(nonce: 1)), requestID: 1)
            let (_, answer) = try await connection.receive()
            guard case .error(let error) = answer else { Issue.record("expected ERROR, got \(answer)"); return }
            #expect(error.code == .handshakeRequired)
            #expect(try await connection.waitForClose())
        }
    }

    @Test func aSecondHelloIsRefusedButTheConnectionStays() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.send(.hello(.hello()), requestID: 2)
            guard case .error(let error) = try await connection.answer(to: 2) else { Issue.record("expected ERROR"); return }
            #expect(error.code == .handshakeRequired)
            try await connection.send(.ping(.init(nonce: 3)), requestID: 3)
            #expect(try await connection.answer(to: 3) == .pong(.init(nonce: 3)))
            await connection.close()
        }
    }

    @Test(arguments: ["", "wrong-token"])
    func aMissingOrWrongTokenIsRefused(token: String) async throws {
        try await ServerHarness.withServer(configure: { $0.authTokens = ["s3cret", "other"] }) { server in
            let connection = try await WireConnection.connect(to: server.address)
            try await connection.send(.hello(.hello(token: token)), requestID: 1)
            let (_, answer) = try await connection.receive()
            guard case .error(let error) = answer else { Issue.record("expected ERROR, got \(answer)"); return }
            #expect(error.code == .authenticationFailed)
            #expect(try await connection.waitForClose())
        }
    }

    @Test func aValidTokenIsAccepted() async throws {
        try await ServerHarness.withServer(configure: { $0.authTokens = ["s3cret", "other"] }) { server in
            let (connection, ok) = try await WireConnection.open(to: server.address, token: "other")
            #expect(ok.version == .v1)
            await connection.close()
        }
    }
}
