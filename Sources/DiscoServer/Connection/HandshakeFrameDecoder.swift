import DiscoProtocol
import NIOCore

/// Splits a connection's bytes into frames, accepting only a small first frame (the HELLO) and the
/// server's full frame size after it.
///
/// Raising the limit right after the first frame, inside the decoder, means no frame the client
/// pipelines behind its HELLO is judged by the handshake limit. A first frame that is not an acceptable
/// HELLO closes the connection, so the raised limit is only ever used by a client that completed it.
package struct HandshakeFrameDecoder: NIOSingleStepByteToMessageDecoder {
    package typealias InboundOut = Frame

    private var decoder: FrameDecoder
    private let maxFrameSize: Int

    package init(maxHandshakeFrameSize: Int, maxFrameSize: Int) {
        self.decoder = FrameDecoder(maxFrameSize: maxHandshakeFrameSize)
        self.maxFrameSize = maxFrameSize
    }

    package mutating func decode(buffer: inout ByteBuffer) throws -> Frame? {
        guard let frame = try self.decoder.decode(buffer: &buffer) else { return nil }
        self.decoder.maxFrameSize = self.maxFrameSize
        return frame
    }

    package mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Frame? {
        try self.decode(buffer: &buffer)
    }
}
