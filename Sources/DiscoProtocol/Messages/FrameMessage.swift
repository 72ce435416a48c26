import NIOCore

/// A typed message that can be sent as one frame: ``ClientMessage`` or ``ServerMessage``.
public protocol FrameMessage: Hashable, Sendable {
    /// The opcode of the frame that carries this message.
    var opcode: Opcode { get }

    /// Appends the body (everything after the 10-byte header).
    func encodeBody(into buffer: inout ByteBuffer)
}

extension FrameMessage {
    /// Appends a whole frame — header and body — carrying this message, writing the body in place.
    public func encodeFrame(requestID: UInt32, into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        FrameHeader(length: 0, rawOpcode: self.opcode.rawValue, requestID: requestID).encode(into: &buffer)
        self.encodeBody(into: &buffer)
        buffer.setInteger(UInt32(buffer.writerIndex - start - 4), at: start)
    }
}
