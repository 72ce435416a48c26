import NIOCore

/// One frame as it travels on the wire: a header and an undecoded body.
///
/// The ``FrameDecoder`` produces frames; ``ClientMessage/init(frame:maxRecordsSize:)`` and
/// ``ServerMessage/init(frame:maxRecordsSize:)`` turn them into typed messages.
public struct Frame: Hashable, Sendable {
    /// The raw opcode byte; see ``opcode`` for the known ones.
    public var rawOpcode: UInt8
    /// The flags byte (0 in protocol v1).
    public var flags: UInt8
    /// The request this frame belongs to.
    public var requestID: UInt32
    /// The body: exactly `length - 6` bytes.
    public var body: ByteBuffer

    /// Creates a frame from its parts.
    public init(rawOpcode: UInt8, flags: UInt8 = 0, requestID: UInt32, body: ByteBuffer) {
        self.rawOpcode = rawOpcode
        self.flags = flags
        self.requestID = requestID
        self.body = body
    }

    /// Creates a frame with a known opcode.
    public init(opcode: Opcode, requestID: UInt32, body: ByteBuffer) {
        self.init(rawOpcode: opcode.rawValue, requestID: requestID, body: body)
    }

    /// The opcode, or `nil` when the byte is not defined by protocol v1.
    public var opcode: Opcode? {
        Opcode(rawValue: self.rawOpcode)
    }

    /// Appends the whole frame (header and body) to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        let header = FrameHeader(
            length: FrameHeader.minimumLength + UInt32(self.body.readableBytes),
            rawOpcode: self.rawOpcode,
            flags: self.flags,
            requestID: self.requestID
        )
        header.encode(into: &buffer)
        buffer.writeImmutableBuffer(self.body)
    }
}

extension Frame {
    /// Runs `decode` on the body, requires it to consume the body exactly, and locates any error at this
    /// frame's opcode and request id.
    func decodeBodyExactly<Message>(
        _ decode: (inout ByteBuffer) throws(ProtocolError) -> Message
    ) throws(ProtocolError) -> Message {
        var body = self.body
        do {
            let message = try decode(&body)
            try body.expectFullyConsumed()
            return message
        } catch {
            throw error.located(rawOpcode: self.rawOpcode, requestID: self.requestID)
        }
    }
}
