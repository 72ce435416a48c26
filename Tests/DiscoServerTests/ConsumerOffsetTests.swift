import DiscoProtocol
import DiscoTestSupport
import Testing

@Suite("Consumer offsets over the wire", .timeLimit(.minutes(2)))
struct ConsumerOffsetTests {
    @Test func getUpdateResetAndTheirErrors() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.send(.consumerGet(.init(consumer: "billing")), requestID: 2)
            #expect(try await connection.answer(to: 2) == .consumerOffset(.init(offset: 0, known: false)))

            try await connection.send(.consumerReset(.init(consumer: "billing")), requestID: 3)
            guard case .error(let unknown) = try await connection.answer(to: 3) else { Issue.record("expected ERROR"); return }
            #expect(unknown.code == .unknownConsumer)

            try await connection.send(.consumerUpdate(.init(consumer: "billing", offset: 10)), requestID: 4)
            #expect(try await connection.answer(to: 4) == .consumerOffset(.init(offset: 10, known: true)))

            try await connection.send(.consumerUpdate(.init(consumer: "billing", offset: 20, expected: 5)), requestID: 5)
            guard case .error(let conflict) = try await connection.answer(to: 5) else { Issue.record("expected ERROR"); return }
            #expect(conflict.code == .consumerOffsetConflict)
            #expect(conflict.details == .consumerOffsetConflict(actual: 10, known: true))

            try await connection.send(.consumerUpdate(.init(consumer: "billing", offset: 20, expected: 10)), requestID: 6)
            #expect(try await connection.answer(to: 6) == .consumerOffset(.init(offset: 20, known: true)))

            try await connection.send(.consumerReset(.init(consumer: "billing")), requestID: 7)
            #expect(try await connection.answer(to: 7) == .consumerOffset(.init(offset: 0, known: true)))
            try await connection.send(.consumerGet(.init(consumer: "billing")), requestID: 8)
            #expect(try await connection.answer(to: 8) == .consumerOffset(.init(offset: 0, known: true)))
            await connection.close()
        }
    }

    @Test func anEmptyConsumerNameIsAnInvalidArgument() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            try await connection.send(.consumerGet(.init(consumer: "")), requestID: 2)
            guard case .error(let error) = try await connection.answer(to: 2) else { Issue.record("expected ERROR"); return }
            #expect(error.code == .invalidArgument)
            await connection.close()
        }
    }
}
