import CoreMetrics
import DiscoProtocol
import DiscoStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The Disco server: accepts TCP connections speaking protocol v1 and serves them from an ``EventStore``.
///
/// It is a `Service`: `run()` listens until graceful shutdown, which stops accepting, ends streams with
/// `SHUTTING_DOWN`, lets in-flight requests finish and answer, and returns once every connection closed.
package final class DiscoServer: Service, Sendable {
    private let configuration: Configuration
    private let store: any EventStore
    private let metrics: ServerMetrics
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let connections = ConnectionRegistry()
    private let boundAddress = Mutex<SocketAddress?>(nil)
    private let onListening: @Sendable (SocketAddress) -> Void

    /// Creates a server; nothing happens until ``run()``.
    ///
    /// - Parameter onListening: called with the bound address once the server accepts connections.
    package init(
        configuration: Configuration,
        store: any EventStore,
        metrics: ServerMetrics = ServerMetrics(),
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onListening: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onListening = onListening
    }

    /// The address the server listens on, once it does.
    package var localAddress: SocketAddress? {
        self.boundAddress.withLock { $0 }
    }

    /// Listens and serves until graceful shutdown (or cancellation).
    package func run() async throws {
        let configuration = self.configuration
        let listener = try await ServerBootstrap(group: self.eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let decoder = HandshakeFrameDecoder(
                        maxHandshakeFrameSize: configuration.maxHandshakeFrameSize,
                        maxFrameSize: configuration.maxFrameSize
                    )
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(decoder))
                    return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        if let address = listener.channel.localAddress {
            self.boundAddress.withLock { $0 = address }
            self.onListening(address)
        }
        self.logger.info(
            "disco-server listening",
            metadata: [
                "disco_address": "\(listener.channel.localAddress.map { "\($0)" } ?? "?")",
                "disco_auth": "\(configuration.authTokens.isEmpty ? "none" : "token")",
            ]
        )
        if configuration.authTokens.isEmpty {
            self.logger.warning("no authentication tokens configured: every client is accepted (development mode)")
        }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { inbound in
                    for try await channel in inbound {
                        group.addTask { await self.serve(channel) }
                    }
                }
            }
        } onGracefulShutdown: {
            self.logger.info("graceful shutdown: no longer accepting; draining connections")
            listener.channel.close(promise: nil)
            self.connections.shutDownAll()
        }
        self.logger.info("disco-server stopped")
    }

    private func serve(_ channel: NIOAsyncChannel<Frame, ByteBuffer>) async {
        self.metrics.connectionsAccepted.increment()
        do {
            try await channel.executeThenClose { inbound, outbound in
                let writer = FrameWriter(outbound: outbound, allocator: channel.channel.allocator, metrics: self.metrics)
                guard self.connections.count < self.configuration.maxConnections else {
                    self.logger.info("refusing a connection: max connections reached")
                    try? await writer.sendError(
                        .init(code: .serverBusy, message: "the server has reached its connection limit"),
                        requestID: 0
                    )
                    return
                }
                var logger = self.logger
                logger[metadataKey: "disco_peer"] = "\(channel.channel.remoteAddress.map { "\($0)" } ?? "?")"
                let connection = ServerConnection(
                    channel: channel.channel,
                    writer: writer,
                    store: self.store,
                    configuration: self.configuration,
                    authenticator: TokenAuthenticator(tokens: self.configuration.authTokens),
                    metrics: self.metrics,
                    logger: logger
                )
                let id = self.connections.add(connection)
                self.metrics.connectionsOpen.increment()
                defer {
                    self.connections.remove(id)
                    self.metrics.connectionsOpen.decrement()
                }
                logger.debug("connection opened")
                await connection.run(inbound: inbound)
                logger.debug("connection closed")
            }
        } catch {
            self.logger.debug("connection ended with an error", metadata: ["disco_error": "\(error)"])
        }
    }
}
