import DiscoProtocol
import DiscoStore

/// What a stream (a read or a subscription) needs to run on its connection.
package struct StreamContext: Sendable {
    package var store: any EventStore
    package var writer: FrameWriter
    package var requestID: UInt32
    package var credit: StreamCredit
    package var codec: BatchCodec
    package var clientMaxFrameSize: Int
    package var pageSize: Int
    package var metrics: ServerMetrics

    /// A sender of EVENTS frames for this stream.
    package func makeSender() -> EventFrameSender {
        EventFrameSender(
            writer: self.writer,
            requestID: self.requestID,
            codec: self.codec,
            clientMaxFrameSize: self.clientMaxFrameSize,
            metrics: self.metrics
        )
    }

    /// The final frame of a stream that was cancelled after sending `count` events up to `position`.
    package func cancelledEnding(count: UInt64, position: Int64) -> ServerMessage {
        switch self.credit.cancellation {
        case .byShutdown:
            .error(.init(code: .shuttingDown, message: "the server is shutting down"))
        case .byInvalidCredit:
            .error(.init(code: .invalidArgument, message: "CREDIT must grant at least 1 frame; the stream is ended"))
        case .byClient, nil:
            .streamEnd(.init(reason: .cancelled, eventCount: count, lastPosition: UInt64(max(position, 0))))
        }
    }
}
