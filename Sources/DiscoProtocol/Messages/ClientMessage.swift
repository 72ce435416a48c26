import NIOCore

/// A message a client sends and a server decodes.
public enum ClientMessage: FrameMessage {
    /// `HELLO` (0x01).
    case hello(Hello)
    /// `PING` (0x02).
    case ping(Ping)
    /// `EMIT` (0x10).
    case emit(Emit)
    /// `READ_AGGREGATE` (0x20).
    case readAggregate(ReadAggregate)
    /// `READ_TYPES` (0x21).
    case readTypes(ReadTypes)
    /// `READ_AFTER` (0x22).
    case readAfter(ReadAfter)
    /// `SUBSCRIBE` (0x23).
    case subscribe(Subscribe)
    /// `CREDIT` (0x28), with the stream's request id.
    case credit(Credit)
    /// `CANCEL` (0x29), with the stream's request id; empty body.
    case cancel
    /// `CONSUMER_GET` (0x30).
    case consumerGet(ConsumerGet)
    /// `CONSUMER_UPDATE` (0x31).
    case consumerUpdate(ConsumerUpdate)
    /// `CONSUMER_RESET` (0x32).
    case consumerReset(ConsumerReset)

    /// Decodes a frame's body; the body must be consumed exactly.
    ///
    /// - Parameter maxRecordsSize: the largest `records_size` accepted in a compressed `EMIT` batch — the
    ///   server's maximum frame size.
    /// - Throws: ``ProtocolError`` carrying the frame's opcode and request id. Server-to-client opcodes and
    ///   undefined opcodes throw `UNKNOWN_OPCODE`.
    public init(frame: Frame, maxRecordsSize: Int) throws(ProtocolError) {
        self = try frame.decodeBodyExactly { (body) throws(ProtocolError) in
            try Self.decodeBody(rawOpcode: frame.rawOpcode, from: &body, maxRecordsSize: maxRecordsSize)
        }
    }

    private static func decodeBody(
        rawOpcode: UInt8,
        from body: inout ByteBuffer,
        maxRecordsSize: Int
    ) throws(ProtocolError) -> ClientMessage {
        switch Opcode(rawValue: rawOpcode) {
        case .hello: .hello(try .decode(from: &body))
        case .ping: .ping(try .decode(from: &body))
        case .emit: .emit(try .decode(from: &body, maxRecordsSize: maxRecordsSize))
        case .readAggregate: .readAggregate(try .decode(from: &body))
        case .readTypes: .readTypes(try .decode(from: &body))
        case .readAfter: .readAfter(try .decode(from: &body))
        case .subscribe: .subscribe(try .decode(from: &body))
        case .credit: .credit(try .decode(from: &body))
        case .cancel: .cancel
        case .consumerGet: .consumerGet(try .decode(from: &body))
        case .consumerUpdate: .consumerUpdate(try .decode(from: &body))
        case .consumerReset: .consumerReset(try .decode(from: &body))
        case .helloOK, .pong, .emitted, .events, .caughtUp, .streamEnd, .consumerOffset, .error, nil:
            throw .unknownOpcode(rawOpcode, direction: "client-to-server")
        }
    }

    /// The opcode of the frame that carries this message.
    public var opcode: Opcode {
        switch self {
        case .hello: .hello
        case .ping: .ping
        case .emit: .emit
        case .readAggregate: .readAggregate
        case .readTypes: .readTypes
        case .readAfter: .readAfter
        case .subscribe: .subscribe
        case .credit: .credit
        case .cancel: .cancel
        case .consumerGet: .consumerGet
        case .consumerUpdate: .consumerUpdate
        case .consumerReset: .consumerReset
        }
    }

    /// Appends the body.
    public func encodeBody(into buffer: inout ByteBuffer) {
        switch self {
        case .hello(let message): message.encode(into: &buffer)
        case .ping(let message): message.encode(into: &buffer)
        case .emit(let message): message.encode(into: &buffer)
        case .readAggregate(let message): message.encode(into: &buffer)
        case .readTypes(let message): message.encode(into: &buffer)
        case .readAfter(let message): message.encode(into: &buffer)
        case .subscribe(let message): message.encode(into: &buffer)
        case .credit(let message): message.encode(into: &buffer)
        case .cancel: break
        case .consumerGet(let message): message.encode(into: &buffer)
        case .consumerUpdate(let message): message.encode(into: &buffer)
        case .consumerReset(let message): message.encode(into: &buffer)
        }
    }
}

extension ProtocolError {
    static func unknownOpcode(_ rawOpcode: UInt8, direction: String) -> ProtocolError {
        ProtocolError(
            code: .unknownOpcode,
            kind: .unknownOpcode,
            message: "opcode 0x\(String(rawOpcode, radix: 16)) is not a \(direction) opcode of protocol v1",
            details: .unknownOpcode(rawOpcode)
        )
    }
}
