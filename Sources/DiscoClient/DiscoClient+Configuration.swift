extension DiscoClient {
    /// How a ``DiscoClient`` connects, pools connections, retries and times out.
    ///
    /// Only ``servers`` has no default:
    ///
    /// ```swift
    /// var configuration = DiscoClient.Configuration(servers: [.init(host: "disco-1", port: 7766)])
    /// configuration.clientName = "billing"
    /// configuration.authToken = "s3cret"
    /// configuration.maximumConnections = 4
    /// ```
    public struct Configuration: Sendable {
        /// A server to connect to.
        public struct ServerAddress: Hashable, Sendable, CustomStringConvertible {
            /// The host name or IP address.
            public var host: String
            /// The TCP port. Default 7766.
            public var port: Int

            /// Creates an address.
            public init(host: String, port: Int = 7766) {
                self.host = host
                self.port = port
            }

            /// `host:port`.
            public var description: String {
                "\(self.host):\(self.port)"
            }
        }

        /// The servers, in order of preference. A new connection tries them in turn (fail-over): when one
        /// cannot be reached, the next is tried.
        public var servers: [ServerAddress]
        /// The name sent in the handshake, for the server's logs (at most 255 bytes). Default `disco-client`.
        public var clientName: String = "disco-client"
        /// The auth token sent in the handshake; empty for none. Default empty.
        public var authToken: String = ""
        /// Whether to offer zlib for the batches the server sends (and compress large emits when the server
        /// accepts). Default `true`.
        public var compression: Bool = true
        /// The largest frame the client accepts, in bytes (64 KiB ... 16 MiB); also the largest batch it
        /// inflates. Default 16 MiB.
        public var maximumFrameSize: Int = 16 * 1024 * 1024
        /// Connections opened when ``DiscoClient/run()`` starts and kept open. Default 1.
        public var minimumConnections: Int = 1
        /// The most connections the pool opens; requests are pipelined on each. Default 4.
        public var maximumConnections: Int = 4
        /// The most requests plus open streams per connection; the client never uses more than the server's
        /// `max_in_flight` either. Further requests wait for a slot on the client. Default 128.
        public var maximumInFlightPerConnection: Int = 128
        /// How long one attempt to open a connection (TCP and handshake) may take. Default 5 seconds.
        public var connectTimeout: Duration = .seconds(5)
        /// How long an operation may take, retries included. Default 30 seconds.
        public var requestTimeout: Duration = .seconds(30)
        /// How long the pool keeps trying to open a connection (going through every server, with back-off)
        /// before failing with ``DiscoClientError/Code-swift.struct/noServerReachable``. Default 30 seconds.
        public var unreachableTimeout: Duration = .seconds(30)
        /// The first pause between reconnect attempts; each failure doubles it, with jitter. Default 50 ms.
        public var minimumReconnectBackoff: Duration = .milliseconds(50)
        /// The longest pause between reconnect attempts. Default 5 seconds.
        public var maximumReconnectBackoff: Duration = .seconds(5)
        /// How often an idle connection is checked with `PING`; a connection that does not answer within
        /// ``connectTimeout`` is closed. Default 30 seconds.
        public var healthCheckInterval: Duration = .seconds(30)
        /// The most `EVENTS` frames a read or subscription keeps buffered: the credit it grants. Default 4.
        public var streamBufferFrames: Int = 4
        /// The most events one page of a read asks for; a read pages through the log transparently.
        /// Default 10,000.
        public var readPageSize: Int = 10_000

        /// A configuration with every default, connecting to `servers`.
        public init(servers: [ServerAddress]) {
            self.servers = servers
        }

        /// A configuration with every default, connecting to one server.
        public init(host: String, port: Int = 7766) {
            self.init(servers: [ServerAddress(host: host, port: port)])
        }
    }
}
