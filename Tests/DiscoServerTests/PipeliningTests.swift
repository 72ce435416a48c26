import DiscoProtocol
import DiscoServer
import DiscoTestSupport
import Testing

@Suite("Pipelining: many requests in flight on one connection", .timeLimit(.minutes(2)))
struct PipeliningTests {
    @Test func manyConcurrentEmitsOnOneConnectionAreEachAnsweredOnce() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            let requestIDs = Array(UInt32(100)..<UInt32(300))
            for requestID in requestIDs {
                let emit = ClientMessage.Emit(events: EventBatch(TestEvents.make(3)))
                try await connection.send(.emit(emit), requestID: requestID)
            }
            var answered: [UInt32: ServerMessage.Emitted] = [:]
            while answered.count < requestIDs.count {
                let (id, message) = try await connection.receive()
                guard case .emitted(let emitted) = message else { Issue.record("expected EMITTED, got \(message)"); return }
                #expect(answered.updateValue(emitted, forKey: id) == nil)
            }
            #expect(Set(answered.keys) == Set(requestIDs))
            let offsets = answered.values.flatMap { $0.events.map(\.offset) }.sorted()
            #expect(offsets == Array(1...600))
            await connection.close()
        }
    }

    @Test func aLaterRequestIsAnsweredWhileAnEarlierOneIsStillOpen() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.send(.subscribe(.init(afterOffset: 0, credit: 1)), requestID: 5)
            let (firstID, first) = try await connection.receive()
            #expect(firstID == 5)
            #expect(first == .caughtUp(.init(headOffset: 0)))
            try await connection.send(.ping(.init(nonce: 9)), requestID: 6)
            #expect(try await connection.answer(to: 6) == .pong(.init(nonce: 9)))
            try await connection.send(.consumerGet(.init(consumer: "c")), requestID: 7)
            #expect(try await connection.answer(to: 7) == .consumerOffset(.init(offset: 0, known: false)))
            await connection.close()
        }
    }

    @Test func aRequestIDInUseIsRefused() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.send(.subscribe(.init(afterOffset: 0, credit: 1)), requestID: 5)
            _ = try await connection.answer(to: 5)
            try await connection.send(.ping(.init(nonce: 1)), requestID: 5)
            guard case .error(let error) = try await connection.answer(to: 5) else { Issue.record("expected ERROR"); return }
            #expect(error.code == .duplicateRequestID)
            await connection.close()
        }
    }

    @Test func requestsOverTheInFlightLimitAreRefusedAsRetriable() async throws {
        try await ServerHarness.withServer(configure: { $0.maxInFlightPerConnection = 2 }) { server in
            let (connection, ok) = try await WireConnection.open(to: server.address)
            #expect(ok.maxInFlight == 2)
            for requestID: UInt32 in [10, 11] {
                try await connection.send(.subscribe(.init(afterOffset: 0, credit: 1)), requestID: requestID)
                _ = try await connection.answer(to: requestID)
            }
            try await connection.send(.ping(.init(nonce: 1)), requestID: 12)
            guard case .error(let error) = try await connection.answer(to: 12) else { Issue.record("expected ERROR"); return }
            #expect(error.code == .tooManyInFlight)
            #expect(error.code.isRetriable)
            #expect(error.details == .tooManyInFlight(max: 2))
            await connection.close()
        }
    }
}
