import DiscoProtocol
import DiscoTestSupport
import NIOCore
import NIOPosix

/// A raw protocol v1 connection for tests: sends whatever frames or bytes a test wants and reads the
/// server's frames one at a time, with a deadline on every read.
final class WireConnection: Sendable {
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the server closed the connection" }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var description: String { "no frame from the server in time" }
    }

    private let channel: NIOAsyncChannel<Frame, ByteBuffer>
    private let frames: FrameStream

    private init(channel: NIOAsyncChannel<Frame, ByteBuffer>) throws {
        self.channel = channel
        self.frames = FrameStream(channel.inbound)
    }

    /// Connects to a server without a handshake.
    static func connect(to address: SocketAddress, maxFrameSize: Int = 16 * 1024 * 1024) async throws -> WireConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameSize: maxFrameSize)))
                    return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try WireConnection(channel: channel)
    }

    /// Connects and completes the handshake; returns the connection and the server's HELLO_OK.
    static func open(
        to address: SocketAddress,
        token: String = "",
        codecs: [BatchCodec] = [.zlib],
        maxFrameSize: UInt32 = 16 * 1024 * 1024
    ) async throws -> (WireConnection, ServerMessage.HelloOK) {
        let connection = try await WireConnection.connect(to: address, maxFrameSize: Int(maxFrameSize))
        try await connection.send(.hello(.hello(token: token, codecs: codecs, maxFrameSize: maxFrameSize)), requestID: 1)
        let (_, answer) = try await connection.receive()
        guard case .helloOK(let ok) = answer else {
            throw WireTestError("expected HELLO_OK, got \(answer)")
        }
        return (connection, ok)
    }

    /// Sends one message as a frame.
    func send(_ message: ClientMessage, requestID: UInt32) async throws {
        var buffer = ByteBuffer()
        message.encodeFrame(requestID: requestID, into: &buffer)
        try await self.channel.outbound.write(buffer)
    }

    /// Sends raw bytes.
    func sendRaw(_ bytes: [UInt8]) async throws {
        try await self.channel.outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Receives the next frame, decoded; throws ``Closed`` at end of stream.
    func receive(timeout: Duration = .seconds(30)) async throws -> (UInt32, ServerMessage) {
        let frame = try await self.receiveFrame(timeout: timeout)
        return (frame.requestID, try ServerMessage(frame: frame, maxRecordsSize: 64 * 1024 * 1024))
    }

    /// Receives the next raw frame.
    func receiveFrame(timeout: Duration = .seconds(30)) async throws -> Frame {
        guard let frame = try await self.frames.next(timeout: timeout) else { throw Closed() }
        return frame
    }

    /// Whether the server closes the connection (within `timeout`), skipping any frames before that.
    func waitForClose(timeout: Duration = .seconds(30)) async throws -> Bool {
        while true {
            do {
                _ = try await self.receiveFrame(timeout: timeout)
            } catch is Closed {
                return true
            } catch is TimedOut {
                return false
            } catch is ChannelError {
                return true
            }
        }
    }

    /// Closes the connection.
    func close() async {
        self.channel.outbound.finish()
        try? await self.channel.channel.close()
    }

    deinit {
        // NIOAsyncChannel requires its writer to be finished, however the test ended.
        self.channel.outbound.finish()
        self.channel.channel.close(promise: nil)
    }
}

extension ClientMessage.Hello {
    /// A protocol v1 HELLO for tests.
    static func hello(token: String = "", codecs: [BatchCodec] = [.zlib], maxFrameSize: UInt32 = 16 * 1024 * 1024) -> Self {
        .init(
            minVersion: .v1,
            maxVersion: .v1,
            clientName: "disco-server-tests",
            authToken: token,
            codecs: codecs.map(\.rawValue),
            maxFrameSize: maxFrameSize
        )
    }
}

typealias WireTestError = HarnessError
