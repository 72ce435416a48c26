import DiscoProtocol
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One connection to a server, after the handshake: requests are pipelined on it, answered by request id.
final class ClientConnection: Sendable {
    /// A number for logs.
    let id: Int
    /// The server it is connected to.
    let server: DiscoClient.Configuration.ServerAddress
    /// The server's limits and codec.
    let helloOK: ServerMessage.HelloOK
    private let channel: any Channel
    private let openRequests = Atomic<Int>(0)

    private init(id: Int, server: DiscoClient.Configuration.ServerAddress, helloOK: ServerMessage.HelloOK, channel: any Channel) {
        self.id = id
        self.server = server
        self.helloOK = helloOK
        self.channel = channel
    }

    /// Connects to `server` and completes the handshake within the configured connect timeout.
    static func connect(
        id: Int,
        to server: DiscoClient.Configuration.ServerAddress,
        configuration: DiscoClient.Configuration,
        logger: Logger
    ) async throws -> ClientConnection {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.init(configuration.connectTimeout))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers(
                            ByteToMessageHandler(FrameDecoder(maxFrameSize: configuration.maximumFrameSize)),
                            ClientChannelHandler(
                                maximumInFlight: configuration.maximumInFlightPerConnection,
                                maximumFrameSize: configuration.maximumFrameSize,
                                logger: logger
                            )
                        )
                    }
                }
                .connect(host: server.host, port: server.port)
                .get()
        } catch {
            throw DiscoClientError.connectionClosed("cannot connect to \(server)", underlying: error)
        }
        let hello = ClientMessage.Hello(
            clientName: configuration.clientName,
            authToken: configuration.authToken,
            codecs: configuration.compression ? [BatchCodec.zlib.rawValue] : [],
            maxFrameSize: UInt32(clamping: configuration.maximumFrameSize)
        )
        do {
            let answer = try await Self.send(.hello(hello), on: channel, timeout: configuration.connectTimeout)
            guard case .helloOK(let helloOK) = answer else { throw DiscoClientError.unexpectedAnswer(answer) }
            guard helloOK.version == .v1, helloOK.codec == .none || configuration.compression else {
                throw DiscoClientError.protocolViolation("HELLO_OK with version \(helloOK.version.rawValue), codec \(helloOK.codec)")
            }
            return ClientConnection(id: id, server: server, helloOK: helloOK, channel: channel)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// Whether the connection is still open.
    var isActive: Bool {
        self.channel.isActive
    }

    /// The requests and streams open on this connection (counted by the callers, for the pool's choice).
    var load: Int {
        self.openRequests.load(ordering: .relaxed)
    }

    /// The codec for the batches the client emits: zlib when negotiated (used only when worth it).
    var emitCodec: BatchCodec {
        self.helloOK.codec
    }

    /// Sends a request and waits for its answer; an `ERROR` answer is thrown as a ``DiscoClientError``.
    func request(_ message: ClientMessage, timeout: Duration) async throws -> ServerMessage {
        self.openRequests.add(1, ordering: .relaxed)
        defer { self.openRequests.subtract(1, ordering: .relaxed) }
        let answer = try await Self.send(message, on: self.channel, timeout: timeout)
        if case .error(let error) = answer {
            throw DiscoClientError(error)
        }
        return answer
    }

    /// Opens a stream (a read or a subscription): its frames arrive on `frames` until the final one. Dropping
    /// `frames` (or cancelling the task iterating it) cancels the stream.
    func openStream(
        _ message: ClientMessage
    ) -> (receiver: StreamReceiver, frames: AsyncThrowingStream<ServerMessage, any Error>) {
        let (frames, continuation) = AsyncThrowingStream.makeStream(of: ServerMessage.self)
        let receiver = StreamReceiver(continuation: continuation)
        self.openRequests.add(1, ordering: .relaxed)
        receiver.continuation.onTermination = { [weak self] termination in
            guard let self else { return }
            self.openRequests.subtract(1, ordering: .relaxed)
            if case .cancelled = termination {
                self.channel.writeAndFlush(ConnectionCommand.cancel(receiver), promise: nil)
            }
        }
        Self.submit(.request(message, .stream(receiver), timeout: nil), waiter: .stream(receiver), on: self.channel)
        return (receiver, frames)
    }

    /// Lets the server send `frames` more `EVENTS` frames on a stream.
    func grantCredit(_ frames: UInt32, to receiver: StreamReceiver) {
        self.channel.writeAndFlush(ConnectionCommand.credit(receiver, frames), promise: nil)
    }

    /// Closes the connection; every open request fails with `connectionClosed`.
    func close() {
        self.channel.close(promise: nil)
    }

    /// Runs `body` once the connection has closed.
    func onClose(_ body: @escaping @Sendable () -> Void) {
        self.channel.closeFuture.whenComplete { _ in body() }
    }

    private static func send(_ message: ClientMessage, on channel: any Channel, timeout: Duration) async throws -> ServerMessage {
        try await withCheckedThrowingContinuation { continuation in
            let waiter = ConnectionWaiter.response(continuation)
            Self.submit(.request(message, waiter, timeout: .init(timeout)), waiter: waiter, on: channel)
        }
    }

    /// Hands a request to the channel handler; when the channel is closed already the handler never sees it,
    /// and the waiter fails here.
    private static func submit(_ command: ConnectionCommand, waiter: ConnectionWaiter, on channel: any Channel) {
        let accepted = channel.eventLoop.makePromise(of: Void.self)
        accepted.futureResult.whenFailure { error in
            waiter.fail(.connectionClosed(underlying: error))
        }
        channel.writeAndFlush(command, promise: accepted)
    }
}
