import Logging

extension DiscoServer {
    /// How a ``DiscoServer`` listens, authenticates and bounds its resources.
    ///
    /// Every limit has a default suited to a single server on a small machine; `disco-server`
    /// exposes each as a flag and a `DISCO_*` environment variable.
    package struct Configuration: Sendable {
        /// The address to listen on. Default `127.0.0.1`.
        package var host: String = "127.0.0.1"
        /// The TCP port to listen on; `0` picks a free port. Default `7766`.
        package var port: Int = 7766
        /// Tokens a client may present in its handshake; empty accepts every client (development).
        package var authTokens: [String] = []
        /// The name the server reports in HELLO_OK.
        package var serverName: String = "disco-server"
        /// The largest frame the server accepts after the handshake, in bytes. Default 16 MiB.
        package var maxFrameSize: Int = 16 * 1024 * 1024
        /// The largest frame the server accepts before the handshake completes. Default 64 KiB.
        package var maxHandshakeFrameSize: Int = 64 * 1024
        /// Connections served at once; further connections get SERVER_BUSY and are closed. Default 1,024.
        package var maxConnections: Int = 1024
        /// Requests plus open streams one connection may have in flight. Default 256.
        package var maxInFlightPerConnection: Int = 256
        /// Events one EMIT may carry. Default 10,000.
        package var maxBatchEvents: Int = 10_000
        /// A connection with nothing in flight that sends nothing for this long is closed. Default 5 minutes.
        package var idleTimeout: Duration = .seconds(300)
        /// Events read from the store per page when serving reads and subscriptions. Default 2,000.
        package var readPageSize: Int = 2_000

        /// A configuration with every default.
        package init() {}
    }
}
