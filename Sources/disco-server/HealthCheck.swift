import ArgumentParser
import NIOCore
import NIOPosix

/// `disco-server health`: asks a running server's `/health` endpoint; exits 0 when healthy.
///
/// The Docker image's `HEALTHCHECK` runs this, so the image needs no HTTP client of its own.
struct HealthCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check a running server's health endpoint; exit status 0 when healthy."
    )

    @Option(help: "Host of the server's metrics/health endpoint. [DISCO_METRICS_HOST]")
    var host = Environment.string("DISCO_METRICS_HOST", default: "127.0.0.1")

    @Option(help: "Port of the server's metrics/health endpoint. [DISCO_METRICS_PORT]")
    var port = Environment.int("DISCO_METRICS_PORT", default: 7767)

    func run() async throws {
        let host = self.host == "0.0.0.0" ? "127.0.0.1" : self.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(3))
            .connect(host: host, port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let response = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET /health HTTP/1.0\r\nHost: \(host)\r\n\r\n"))
            var received = ByteBuffer()
            for try await chunk in inbound {
                received.writeImmutableBuffer(chunk)
                if received.readableBytes > 4096 { break }
            }
            return String(buffer: received)
        }
        let statusLine = response.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        guard statusLine.contains(" 200 ") else {
            print("unhealthy: \(statusLine.isEmpty ? "no answer" : statusLine)")
            throw ExitCode.failure
        }
        print("healthy")
    }
}
