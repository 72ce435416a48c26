import CoreMetrics
import DiscoProtocol
import NIOCore

/// Encodes server messages into frames and writes them to one connection.
///
/// Every task serving a request of the connection writes through the same writer; each call writes one
/// whole frame, so frames never interleave. Writes wait while the socket is not writable, which is how
/// a client that stops reading slows the tasks that write to it.
package struct FrameWriter: Sendable {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let allocator: ByteBufferAllocator
    private let metrics: ServerMetrics

    package init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, allocator: ByteBufferAllocator, metrics: ServerMetrics) {
        self.outbound = outbound
        self.allocator = allocator
        self.metrics = metrics
    }

    /// Writes `message` as one frame answering `requestID`.
    package func send(_ message: ServerMessage, requestID: UInt32, sizeHint: Int = 64) async throws {
        var buffer = self.allocator.buffer(capacity: FrameHeader.size + sizeHint)
        message.encodeFrame(requestID: requestID, into: &buffer)
        self.metrics.bytesOut.increment(by: buffer.readableBytes)
        try await self.outbound.write(buffer)
    }

    /// Writes an ERROR frame answering `requestID`.
    package func sendError(_ error: ServerMessage.ErrorMessage, requestID: UInt32) async throws {
        self.metrics.countError(code: error.code.name ?? "\(error.code.rawValue)")
        try await self.send(.error(error), requestID: requestID, sizeHint: 64 + error.message.utf8.count)
    }
}
