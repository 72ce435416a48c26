import DiscoProtocol
import DiscoServer
import DiscoTestSupport
import Testing

@Suite("Connection limits: idle timeout and maximum connections", .timeLimit(.minutes(2)))
struct ConnectionLimitsTests {
    @Test func anIdleConnectionIsClosedWithATimeoutError() async throws {
        try await ServerHarness.withServer(configure: { $0.idleTimeout = .seconds(2) }) { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            let (id, message) = try await connection.receive(timeout: .seconds(5))
            #expect(id == 0)
            guard case .error(let error) = message else { Issue.record("expected ERROR, got \(message)"); return }
            #expect(error.code == .timeout)
            #expect(try await connection.waitForClose())
        }
    }

    @Test func aConnectionWithAnOpenStreamIsNotIdle() async throws {
        try await ServerHarness.withServer(configure: { $0.idleTimeout = .seconds(2) }) { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.send(.subscribe(.init(afterOffset: 0, credit: 1)), requestID: 2)
            #expect(try await connection.answer(to: 2) == .caughtUp(.init(headOffset: 0)))
            await #expect(throws: WireConnection.TimedOut.self) {
                _ = try await connection.receive(timeout: .seconds(5))
            }
            await connection.close()
        }
    }

    @Test func connectionsOverTheLimitAreRefusedAsBusy() async throws {
        try await ServerHarness.withServer(configure: { $0.maxConnections = 1 }) { server in
            let (first, _) = try await WireConnection.open(to: server.address)
            let second = try await WireConnection.connect(to: server.address)
            let (id, message) = try await second.receive()
            #expect(id == 0)
            guard case .error(let error) = message else { Issue.record("expected ERROR, got \(message)"); return }
            #expect(error.code == .serverBusy)
            #expect(try await second.waitForClose())
            await first.close()
        }
    }
}
