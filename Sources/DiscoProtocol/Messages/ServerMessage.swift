import NIOCore

/// A message a server sends and a client decodes.
public enum ServerMessage: FrameMessage {
    /// `HELLO_OK` (0x81).
    case helloOK(HelloOK)
    /// `PONG` (0x82).
    case pong(Pong)
    /// `EMITTED` (0x90).
    case emitted(Emitted)
    /// `EVENTS` (0xA0): one batch block on a stream.
    case events(EventBatch<StoredEventRecord>)
    /// `CAUGHT_UP` (0xA1).
    case caughtUp(CaughtUp)
    /// `STREAM_END` (0xA2).
    case streamEnd(StreamEnd)
    /// `CONSUMER_OFFSET` (0xB0).
    case consumerOffset(ConsumerOffset)
    /// `ERROR` (0xFF).
    case error(ErrorMessage)

    /// Decodes a frame's body; the body must be consumed exactly.
    ///
    /// - Parameter maxRecordsSize: the largest `records_size` accepted in a compressed `EVENTS` batch — the
    ///   client's maximum frame size.
    /// - Throws: ``ProtocolError`` carrying the frame's opcode and request id. Client-to-server opcodes and
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
    ) throws(ProtocolError) -> ServerMessage {
        switch Opcode(rawValue: rawOpcode) {
        case .helloOK: .helloOK(try .decode(from: &body))
        case .pong: .pong(try .decode(from: &body))
        case .emitted: .emitted(try .decode(from: &body))
        case .events: .events(try .decode(from: &body, maxRecordsSize: maxRecordsSize))
        case .caughtUp: .caughtUp(try .decode(from: &body))
        case .streamEnd: .streamEnd(try .decode(from: &body))
        case .consumerOffset: .consumerOffset(try .decode(from: &body))
        case .error: .error(try .decode(from: &body))
        case .hello, .ping, .emit, .readAggregate, .readTypes, .readAfter, .subscribe, .credit, .cancel,
            .consumerGet, .consumerUpdate, .consumerReset, nil:
            throw .unknownOpcode(rawOpcode, direction: "server-to-client")
        }
    }

    /// The opcode of the frame that carries this message.
    public var opcode: Opcode {
        switch self {
        case .helloOK: .helloOK
        case .pong: .pong
        case .emitted: .emitted
        case .events: .events
        case .caughtUp: .caughtUp
        case .streamEnd: .streamEnd
        case .consumerOffset: .consumerOffset
        case .error: .error
        }
    }

    /// Appends the body.
    public func encodeBody(into buffer: inout ByteBuffer) {
        switch self {
        case .helloOK(let message): message.encode(into: &buffer)
        case .pong(let message): message.encode(into: &buffer)
        case .emitted(let message): message.encode(into: &buffer)
        case .events(let batch): batch.encode(into: &buffer)
        case .caughtUp(let message): message.encode(into: &buffer)
        case .streamEnd(let message): message.encode(into: &buffer)
        case .consumerOffset(let message): message.encode(into: &buffer)
        case .error(let message): message.encode(into: &buffer)
        }
    }
}
