import NIOCore

/// Splits a byte stream into ``Frame``s.
///
/// Peeks the header and rejects bad framing before buffering a body: a `length` below 6 or nonzero flags
/// throw `MALFORMED_FRAME` with request id 0; a frame larger than ``maxFrameSize`` throws `FRAME_TOO_LARGE`
/// with the header's request id. All three mean the connection must close (``ProtocolError/closesConnection``).
/// The opcode is not checked here: an unknown opcode is a per-request error of the message decoders.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    /// The decoder produces frames.
    public typealias InboundOut = Frame

    /// The largest frame accepted, counting every byte including the 4-byte length field. A server starts
    /// at ``ProtocolLimits/handshakeMaxFrameSize`` and raises it to its own limit once `HELLO` is accepted.
    public var maxFrameSize: Int

    /// Creates a decoder.
    public init(maxFrameSize: Int) {
        self.maxFrameSize = maxFrameSize
    }

    /// Returns the next complete frame, or `nil` when more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws(ProtocolError) -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard length >= FrameHeader.minimumLength else {
            throw ProtocolError(
                code: .malformedFrame,
                kind: .frameLengthTooSmall,
                message: "frame length \(length) is below 6",
                rawBytes: buffer.getSlice(at: buffer.readerIndex, length: 4)
            )
        }
        guard let header = FrameHeader.peek(in: buffer) else { return nil }
        guard header.flags == 0 else {
            throw ProtocolError(
                code: .malformedFrame,
                kind: .nonzeroFlags,
                message: "frame flags are 0x\(String(header.flags, radix: 16)), not 0",
                rawOpcode: header.rawOpcode,
                rawBytes: buffer.getSlice(at: buffer.readerIndex, length: FrameHeader.size)
            )
        }
        guard header.frameSize <= self.maxFrameSize else {
            throw ProtocolError(
                code: .frameTooLarge,
                kind: .frameTooLarge,
                message: "frame of \(header.frameSize) bytes is over the limit of \(self.maxFrameSize)",
                rawOpcode: header.rawOpcode,
                requestID: header.requestID,
                details: .frameTooLarge(limit: UInt32(clamping: self.maxFrameSize))
            )
        }
        guard
            buffer.readableBytes >= header.frameSize,
            let body = buffer.getSlice(at: buffer.readerIndex + FrameHeader.size, length: header.bodySize)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: header.frameSize)
        return Frame(rawOpcode: header.rawOpcode, flags: header.flags, requestID: header.requestID, body: body)
    }

    /// Decodes what is left when the channel closes; an incomplete frame is dropped.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws(ProtocolError) -> Frame? {
        try self.decode(buffer: &buffer)
    }
}
