import DiscoProtocol
import NIOCore
import Synchronization

/// Reads frames from a connection's inbound stream one at a time, each read with a deadline.
///
/// A background task pumps the inbound stream into a buffer that reads poll, so a read that times out
/// loses nothing and a test never hangs on a silent server.
final class FrameStream: Sendable {
    private enum Item {
        case frame(Frame)
        case end
        case failure(any Error)
    }

    private let buffered = Mutex<[Item]>([])

    init(_ inbound: NIOAsyncChannelInboundStream<Frame>) {
        Task { await self.pump(inbound) }
    }

    private func pump(_ inbound: NIOAsyncChannelInboundStream<Frame>) async {
        do {
            for try await frame in inbound {
                self.buffered.withLock { $0.append(.frame(frame)) }
            }
            self.buffered.withLock { $0.append(.end) }
        } catch {
            self.buffered.withLock { $0.append(.failure(error)) }
        }
    }

    /// The next frame, `nil` at the end of the stream; throws ``WireConnection/TimedOut`` after `timeout`.
    func next(timeout: Duration) async throws -> Frame? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let item = self.buffered.withLock { items -> Item? in
                guard let first = items.first else { return nil }
                if case .frame = first { items.removeFirst() }
                return first
            }
            switch item {
            case .frame(let frame): return frame
            case .end: return nil
            case .failure(let error): throw error
            case nil: break
            }
            guard ContinuousClock.now < deadline else { throw WireConnection.TimedOut() }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
