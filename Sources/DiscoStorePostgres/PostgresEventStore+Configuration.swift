import DiscoStore
import struct Foundation.URLComponents
import NIOSSL
import PostgresNIO

extension PostgresEventStore {
    /// How a ``PostgresEventStore`` reaches its database and how it batches writes.
    ///
    /// Create one from a URL (`postgres://user:password@host:port/database?sslmode=disable`) with
    /// ``init(url:)``, from the `PG*` environment variables with ``init(environment:)``, or field by field.
    public struct Configuration: Sendable {
        /// The server's host name or IP address; a path (starting with `/`) names the directory of a Unix
        /// domain socket, as in libpq. Defaults to `localhost`.
        public var host: String

        /// The server's port. Defaults to `5432`.
        public var port: Int

        /// The user to connect as. Defaults to `postgres`.
        public var username: String

        /// The user's password, if the server asks for one. Defaults to none.
        public var password: String?

        /// The database holding the event store's tables. Defaults to `nil`: the database named like
        /// ``username``.
        public var database: String?

        /// Whether to use TLS. Defaults to `.prefer` without certificate verification (libpq's
        /// `sslmode=prefer`).
        public var tls: PostgresClient.Configuration.TLS

        /// The most connections the store opens (writes use one at a time, the change listener one, reads
        /// the rest). Defaults to `20`.
        public var maximumConnections: Int

        /// How long opening one connection may take. Defaults to 10 seconds.
        public var connectTimeout: Duration

        /// How long an operation waits for a connection before failing with
        /// ``EventStoreError/Code/storageUnavailable`` (while the database is unreachable, say). Defaults to
        /// 10 seconds.
        public var connectionWaitTimeout: Duration

        /// The most events one group commit writes; emits beyond it wait for the next group. An emit larger
        /// than this is committed alone. Defaults to `10_000`.
        public var maximumEventsPerGroup: Int

        /// The most payload and meta bytes one group commit writes; an emit larger than this is committed
        /// alone. Defaults to 16 MiB.
        public var maximumBytesPerGroup: Int

        /// How long the change listener waits before reconnecting after its connection failed. Defaults to
        /// 1 second.
        public var listenerRetryDelay: Duration

        /// How many pages a long read of every type (``PostgresEventStore/readEvents(after:through:types:pageSize:_:)``)
        /// reads at once, each on its own connection, ahead of the caller consuming them. Defaults to `2`;
        /// `1` reads one page after the other.
        public var readAhead: Int

        /// Creates a configuration; every parameter not given takes its documented default.
        public init(
            host: String = "localhost",
            port: Int = 5432,
            username: String = "postgres",
            password: String? = nil,
            database: String? = nil,
            tls: PostgresClient.Configuration.TLS = Self.preferTLS
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.tls = tls
            self.maximumConnections = 20
            self.connectTimeout = .seconds(10)
            self.connectionWaitTimeout = .seconds(10)
            self.maximumEventsPerGroup = 10_000
            self.maximumBytesPerGroup = 16 * 1024 * 1024
            self.listenerRetryDelay = .seconds(1)
            self.readAhead = 2
        }

        /// Reads a `postgres://` (or `postgresql://`) URL: `postgres://user:password@host:port/database`,
        /// every part optional, with the query parameters `sslmode` (`disable`, `allow`, `prefer`,
        /// `require`, `verify-ca`, `verify-full`) and `host` (e.g. a Unix socket directory).
        ///
        /// - Throws: ``EventStoreError/Code/invalidArgument`` for a URL that is not of this form.
        public init(url: String) throws {
            guard let components = URLComponents(string: url),
                components.scheme == "postgres" || components.scheme == "postgresql"
            else {
                throw EventStoreError.invalidArgument("not a postgres:// URL")
            }
            self.init()
            if let host = components.host, !host.isEmpty { self.host = host }
            if let port = components.port { self.port = port }
            if let user = components.user, !user.isEmpty { self.username = user }
            self.password = components.password
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            if !path.isEmpty { self.database = path }
            for item in components.queryItems ?? [] {
                switch (item.name, item.value) {
                case ("sslmode", let mode?): self.tls = try Self.tls(sslmode: mode)
                case ("host", let host?) where !host.isEmpty: self.host = host
                default: continue
                }
            }
        }

        /// Reads libpq's environment variables: `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE` and
        /// `PGSSLMODE`; a variable not set keeps its default.
        ///
        /// - Throws: ``EventStoreError/Code/invalidArgument`` for a `PGPORT` or `PGSSLMODE` that is not valid.
        public init(environment: [String: String]) throws {
            self.init()
            if let host = environment["PGHOST"], !host.isEmpty { self.host = host }
            if let port = environment["PGPORT"], !port.isEmpty {
                guard let number = Int(port), (1...65535).contains(number) else {
                    throw EventStoreError.invalidArgument("PGPORT is not a port number")
                }
                self.port = number
            }
            if let user = environment["PGUSER"], !user.isEmpty { self.username = user }
            if let password = environment["PGPASSWORD"] { self.password = password }
            if let database = environment["PGDATABASE"], !database.isEmpty { self.database = database }
            if let mode = environment["PGSSLMODE"], !mode.isEmpty { self.tls = try Self.tls(sslmode: mode) }
        }

        /// libpq's default, `sslmode=prefer`: TLS when the server offers it, without verifying its certificate.
        public static var preferTLS: PostgresClient.Configuration.TLS {
            .prefer(Self.tlsConfiguration(verification: .none))
        }

        private static func tls(sslmode: String) throws -> PostgresClient.Configuration.TLS {
            switch sslmode {
            case "disable": .disable
            case "allow", "prefer": .prefer(Self.tlsConfiguration(verification: .none))
            case "require": .require(Self.tlsConfiguration(verification: .none))
            case "verify-ca": .require(Self.tlsConfiguration(verification: .noHostnameVerification))
            case "verify-full": .require(Self.tlsConfiguration(verification: .fullVerification))
            default: throw EventStoreError.invalidArgument("unknown sslmode '\(sslmode)'")
            }
        }

        private static func tlsConfiguration(verification: CertificateVerification) -> TLSConfiguration {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = verification
            return configuration
        }

        /// The configuration of the postgres-nio client the store runs (also used by tools that load the
        /// same database directly).
        package var clientConfiguration: PostgresClient.Configuration {
            var configuration: PostgresClient.Configuration
            if self.host.hasPrefix("/") {
                configuration = PostgresClient.Configuration(
                    unixSocketPath: "\(self.host)/.s.PGSQL.\(self.port)",
                    username: self.username,
                    password: self.password,
                    database: self.database
                )
            } else {
                configuration = PostgresClient.Configuration(
                    host: self.host,
                    port: self.port,
                    username: self.username,
                    password: self.password,
                    database: self.database,
                    tls: self.tls
                )
            }
            configuration.options.maximumConnections = self.maximumConnections
            configuration.options.connectTimeout = self.connectTimeout
            return configuration
        }
    }
}
