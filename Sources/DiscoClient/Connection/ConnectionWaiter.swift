import DiscoProtocol
import Synchronization

/// Who waits for a request's frames: a caller awaiting one answer, or a stream's consumer.
enum ConnectionWaiter: Sendable {
    /// A request with one answer.
    case response(CheckedContinuation<ServerMessage, any Error>)
    /// A read or subscription.
    case stream(StreamReceiver)

    /// Hands over a frame of an open stream.
    func deliver(_ message: ServerMessage) {
        guard case .stream(let receiver) = self else { return }
        receiver.continuation.yield(message)
    }

    /// Hands over the request's final frame.
    func complete(_ message: ServerMessage) {
        switch self {
        case .response(let continuation):
            continuation.resume(returning: message)
        case .stream(let receiver):
            receiver.continuation.yield(message)
            receiver.continuation.finish()
        }
    }

    /// Fails the request.
    func fail(_ error: DiscoClientError) {
        switch self {
        case .response(let continuation): continuation.resume(throwing: error)
        case .stream(let receiver): receiver.continuation.finish(throwing: error)
        }
    }
}

/// The connection's end of one stream: where it puts the frames, and the request id the stream got (for
/// `CREDIT` and `CANCEL`). The consumer holds the `AsyncThrowingStream` alone: when it lets go, the stream
/// terminates as cancelled and the connection sends `CANCEL`.
final class StreamReceiver: Sendable {
    /// Where the connection puts the stream's frames; the final one (`STREAM_END` or `ERROR`) ends it.
    let continuation: AsyncThrowingStream<ServerMessage, any Error>.Continuation
    private let assignedID = Atomic<UInt32>(0)

    init(continuation: AsyncThrowingStream<ServerMessage, any Error>.Continuation) {
        self.continuation = continuation
    }

    /// The stream's request id; 0 until the connection assigned one.
    var requestID: UInt32 {
        get { self.assignedID.load(ordering: .acquiring) }
        set { self.assignedID.store(newValue, ordering: .releasing) }
    }
}
