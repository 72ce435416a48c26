import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A small HTTP server on its own port for operators: `GET /metrics` (Prometheus text format) and
/// `GET /health` (200 when the server can reach its store, 503 otherwise).
///
/// It is a `Service`: it binds in `run()` and stops accepting on graceful shutdown.
package struct OperationsHTTPServer: Service {
    /// Where to listen.
    package var host: String
    /// The port to listen on; `0` picks a free one (see `onBound`).
    package var port: Int
    /// Renders the Prometheus exposition text.
    package var renderMetrics: @Sendable () -> String
    /// Answers whether the server is healthy.
    package var checkHealth: @Sendable () async -> Bool
    /// Called with the bound port once listening.
    package var onBound: @Sendable (Int) -> Void
    package var logger: Logger
    package var eventLoopGroup: any EventLoopGroup

    package init(
        host: String,
        port: Int,
        renderMetrics: @escaping @Sendable () -> String,
        checkHealth: @escaping @Sendable () async -> Bool,
        onBound: @escaping @Sendable (Int) -> Void = { _ in },
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.host = host
        self.port = port
        self.renderMetrics = renderMetrics
        self.checkHealth = checkHealth
        self.onBound = onBound
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
    }

    package func run() async throws {
        let listener = try await ServerBootstrap(group: self.eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: self.host, port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        self.onBound(listener.channel.localAddress?.port ?? self.port)
        self.logger.info(
            "operations endpoint listening",
            metadata: ["disco_address": "\(listener.channel.localAddress.map { "\($0)" } ?? "?")"]
        )
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            listener.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var path = ""
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        path = head.uri
                    case .body:
                        continue
                    case .end:
                        let (status, body) = await self.respond(to: path)
                        var headers = HTTPHeaders()
                        headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
                        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                        headers.add(name: "Connection", value: "close")
                        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                        try await outbound.write(.end(nil))
                        return
                    }
                }
            }
        } catch {
            self.logger.debug("operations request failed", metadata: ["disco_error": "\(error)"])
        }
    }

    private func respond(to path: String) async -> (HTTPResponseStatus, String) {
        switch path.split(separator: "?").first.map(String.init) ?? path {
        case "/metrics":
            return (.ok, self.renderMetrics())
        case "/health":
            return await self.checkHealth() ? (.ok, "ok\n") : (.serviceUnavailable, "unavailable\n")
        default:
            return (.notFound, "not found: try /metrics or /health\n")
        }
    }
}
