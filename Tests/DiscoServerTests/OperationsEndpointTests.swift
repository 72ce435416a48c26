import DiscoProtocol
import DiscoServer
import DiscoTestSupport
import Foundation
import Logging
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Operations endpoint: Prometheus metrics and health", .timeLimit(.minutes(2)))
struct OperationsEndpointTests {
    @Test func metricsCountWhatTheServerDidAndHealthAnswers() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = ServerMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let healthy = Mutex(true)
        try await ServerHarness.withServer(metrics: metrics) { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            _ = try await connection.emitted(TestEvents.make(3), requestID: 2)
            _ = try await connection.collectStream(.readAfter(.init(afterOffset: 0, credit: 1)), requestID: 3)
            await connection.close()

            let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
            let endpoint = OperationsHTTPServer(
                host: "127.0.0.1",
                port: 0,
                renderMetrics: { registry.emitToString() },
                checkHealth: { healthy.withLock { $0 } },
                onBound: { boundContinuation.yield($0); boundContinuation.finish() },
                logger: ServerHarness.logger
            )
            let group = ServiceGroup(configuration: .init(services: [.init(service: endpoint)], logger: ServerHarness.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var iterator = bound.makeAsyncIterator()
                let boundPort = try #require(await iterator.next())

                let metricsPage = try await HTTPGet.fetch(port: boundPort, path: "/metrics")
                #expect(metricsPage.status == 200)
                #expect(metricsPage.body.contains("disco_events_emitted_total 3"))
                #expect(metricsPage.body.contains("disco_events_sent_total 3"))
                #expect(metricsPage.body.contains("disco_emits_total 1"))
                #expect(metricsPage.body.contains("disco_request_duration_seconds"))

                #expect(try await HTTPGet.fetch(port: boundPort, path: "/health").status == 200)
                healthy.withLock { $0 = false }
                #expect(try await HTTPGet.fetch(port: boundPort, path: "/health").status == 503)
                #expect(try await HTTPGet.fetch(port: boundPort, path: "/nope").status == 404)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }
}

/// A minimal HTTP/1.0 GET over a real socket.
enum HTTPGet {
    static func fetch(port: Int, path: String) async throws -> (status: Int, body: String) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let text = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.0\r\n\r\n"))
            var received = ByteBuffer()
            for try await chunk in inbound { received.writeImmutableBuffer(chunk) }
            return String(buffer: received)
        }
        let statusLine = text.split(separator: "\r\n").first ?? ""
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }
}
