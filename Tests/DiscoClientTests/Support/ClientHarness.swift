import DiscoClient
import DiscoTestSupport
import Logging
import NIOCore

/// Clients for tests, connected to test servers.
enum ClientHarness {
    /// A configuration for a server on loopback, with timeouts generous enough for a loaded machine.
    static func configuration(port: Int) -> DiscoClient.Configuration {
        var configuration = DiscoClient.Configuration(host: "127.0.0.1", port: port)
        configuration.clientName = "disco-client-tests"
        configuration.requestTimeout = .seconds(60)
        configuration.unreachableTimeout = .seconds(60)
        configuration.minimumReconnectBackoff = .milliseconds(20)
        configuration.maximumReconnectBackoff = .milliseconds(500)
        return configuration
    }

    /// Runs `body` with a running client of the server at `address`.
    @discardableResult
    static func withClient<Result: Sendable>(
        _ address: SocketAddress,
        configure: (inout DiscoClient.Configuration) -> Void = { _ in },
        _ body: (DiscoClient) async throws -> Result
    ) async throws -> Result {
        var configuration = Self.configuration(port: address.port ?? 0)
        configure(&configuration)
        return try await DiscoClient.withClient(configuration: configuration, logger: ServerHarness.logger, body)
    }

    /// Runs `body` with a fresh server and a running client of it.
    @discardableResult
    static func withServerAndClient<Result: Sendable>(
        configure: (inout DiscoClient.Configuration) -> Void = { _ in },
        _ body: (DiscoClient, ServerHarness) async throws -> Result
    ) async throws -> Result {
        try await ServerHarness.withServer { server in
            try await Self.withClient(server.address, configure: configure) { client in
                try await body(client, server)
            }
        }
    }
}

/// Events for tests.
enum TestEvents {
    /// `count` events of type `type`, each with a small payload naming its index.
    static func make(_ count: Int, type: String = "test-event", aggregateID: String? = nil, payloadSize: Int = 16) -> [NewEvent] {
        (0..<count).map { index in
            var payload = ByteBuffer(string: "event \(index) ")
            payload.writeRepeatingByte(UInt8(ascii: "x"), count: max(0, payloadSize - payload.readableBytes))
            return NewEvent(type: type, aggregateID: aggregateID, payload: payload, meta: ByteBuffer(string: "{}"))
        }
    }
}
