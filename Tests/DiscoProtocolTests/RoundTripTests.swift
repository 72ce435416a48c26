import DiscoProtocol
import Foundation
import NIOCore
import Testing

@Suite struct RoundTripTests {
    static let id = UUID(uuidString: "0190F5A8-7C1E-7B3A-9D4E-2F6A8B0C1D2E")!

    static let newEvents = EventBatch([
        NewEventRecord(
            id: id,
            type: "OrderPlaced",
            aggregateID: "order-1",
            payload: ByteBuffer(string: "{}"),
            meta: ByteBuffer()
        ),
        NewEventRecord(
            id: UUID(),
            type: "Tick",
            aggregateID: nil,
            payload: ByteBuffer(),
            meta: ByteBuffer(string: "m")
        ),
    ])

    static let storedEvents = EventBatch([
        StoredEventRecord(
            offset: 1,
            id: id,
            aggregateVersion: 3,
            emittedAt: -5,
            type: "T",
            aggregateID: "a",
            payload: ByteBuffer(string: "p"),
            meta: ByteBuffer(string: "m")
        )
    ])

    static let clientMessages: [ClientMessage] = [
        .hello(.init(clientName: "c", authToken: "t", codecs: [1, 0, 200], maxFrameSize: 1 << 20)),
        .ping(.init(nonce: .max)),
        .emit(.init(expectations: [.init(aggregateID: "order-1", expected: .exactly(4))], events: newEvents)),
        .emit(.init(expectations: [.init(aggregateID: "order-1", expected: .noEvents)], events: newEvents)),
        .readAggregate(.init(aggregateID: "order-1", fromVersion: 2, limit: 10, credit: 3)),
        .readTypes(.init(afterOffset: 9, limit: 1, types: ["A", "B"], credit: 1)),
        .readAfter(.init(afterOffset: 0, credit: 1)),
        .subscribe(.init(afterOffset: .max, types: ["é"], credit: .max)),
        .credit(.init(additional: 5)),
        .cancel,
        .consumerGet(.init(consumer: "billing")),
        .consumerUpdate(.init(consumer: "billing", offset: 8, expected: 0)),
        .consumerUpdate(.init(consumer: "billing", offset: 8)),
        .consumerReset(.init(consumer: "billing")),
    ]

    static let serverMessages: [ServerMessage] = [
        .helloOK(
            .init(version: .v1, serverName: "s", codec: .zlib, maxFrameSize: 1, maxInFlight: 2, maxBatchEvents: 3)
        ),
        .pong(.init(nonce: 0)),
        .emitted(.init(replayed: true, events: [.init(offset: 1, aggregateVersion: 2, emittedAt: .min)])),
        .events(storedEvents),
        .caughtUp(.init(headOffset: 77)),
        .streamEnd(.init(reason: .complete, eventCount: 1, lastPosition: 2)),
        .consumerOffset(.init(offset: 3, known: true)),
        .error(.init(code: .internal, message: "boom")),
        .error(
            .init(
                code: .versionConflict,
                message: "v",
                details: .versionConflict(.init(aggregateID: "a", expected: .noEvents, actual: 4))
            )
        ),
        .error(.init(code: .tooManyInFlight, message: "", details: .tooManyInFlight(max: 9))),
        .error(.init(code: .unsupportedCodec, message: "", details: .unsupportedCodec(3))),
        .error(.init(code: .unknownOpcode, message: "", details: .unknownOpcode(0x7F))),
        .error(.init(code: .eventIDConflict, message: "", details: .eventIDConflict(id: id))),
        .error(
            .init(code: .consumerOffsetConflict, message: "", details: .consumerOffsetConflict(actual: 1, known: false))
        ),
        .error(.init(code: ErrorCode(rawValue: 600), message: "", details: .raw(ByteBuffer(bytes: [1, 2])))),
    ]

    static func frame<M: FrameMessage>(_ message: M, requestID: UInt32) throws -> Frame {
        var buffer = ByteBuffer()
        message.encodeFrame(requestID: requestID, into: &buffer)
        var decoder = FrameDecoder(maxFrameSize: 1 << 24)
        let frame = try #require(try decoder.decode(buffer: &buffer))
        #expect(buffer.readableBytes == 0)
        #expect(frame.opcode == message.opcode)
        #expect(frame.requestID == requestID)
        return frame
    }

    @Test(arguments: clientMessages)
    func clientMessage(_ message: ClientMessage) throws {
        let decoded = try ClientMessage(frame: Self.frame(message, requestID: 17), maxRecordsSize: 1 << 24)
        #expect(decoded == message)
    }

    @Test(arguments: serverMessages)
    func serverMessage(_ message: ServerMessage) throws {
        let decoded = try ServerMessage(frame: Self.frame(message, requestID: 17), maxRecordsSize: 1 << 24)
        #expect(decoded == message)
    }

    @Test func frameEncoderWritesTheSameBytes() {
        var viaEncoder = ByteBuffer()
        FrameEncoder<ClientMessage>().encode(
            data: FramedMessage(requestID: 3, message: .ping(.init(nonce: 1))),
            out: &viaEncoder
        )
        var direct = ByteBuffer()
        ClientMessage.ping(.init(nonce: 1)).encodeFrame(requestID: 3, into: &direct)
        #expect(viaEncoder == direct)
    }
}
