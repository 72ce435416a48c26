import DiscoStore
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization

/// The connections of one store to its database file: one writer and a few readers, on a thread pool of the
/// store's own, so that a writer waiting for the disk never holds up the readers (nor anyone else's use of
/// NIO's shared pool).
///
/// Every connection runs in WAL mode with `synchronous=FULL`: a commit returns only once the write-ahead log
/// is on disk. Readers are `query_only` and take turns round-robin; each SQLite connection runs one statement
/// at a time, and in WAL mode readers never wait for the writer.
final class SQLiteConnections: Sendable {
    /// The connection every write goes through.
    let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<UInt>(0)
    private let threadPool: NIOThreadPool

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], threadPool: NIOThreadPool) {
        self.writer = writer
        self.readers = readers
        self.threadPool = threadPool
    }

    /// Opens the connections and migrates the schema (see ``SQLiteMigrations``).
    static func open(configuration: SQLiteEventStore.Configuration, logger: Logger) async throws -> SQLiteConnections {
        let readerCount = max(1, configuration.readerConnections)
        let threadPool = NIOThreadPool(numberOfThreads: readerCount + 1)
        threadPool.start()
        var opened: [SQLiteConnection] = []
        do {
            let writer = try await Self.connect(configuration: configuration, threadPool: threadPool, logger: logger)
            opened.append(writer)
            _ = try await writer.query("PRAGMA journal_mode = WAL", [])
            try await SQLiteMigrations.apply(on: writer)
            for _ in 0..<readerCount {
                let reader = try await Self.connect(configuration: configuration, threadPool: threadPool, logger: logger)
                opened.append(reader)
                _ = try await reader.query("PRAGMA query_only = ON", [])
            }
            return SQLiteConnections(writer: writer, readers: Array(opened.dropFirst()), threadPool: threadPool)
        } catch {
            for connection in opened {
                try? await connection.close()
            }
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    private static func connect(
        configuration: SQLiteEventStore.Configuration,
        threadPool: NIOThreadPool,
        logger: Logger
    ) async throws -> SQLiteConnection {
        let connection: SQLiteConnection = try await SQLiteConnection.open(
            storage: .file(path: configuration.path),
            threadPool: threadPool,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any()
        )
        let busyMilliseconds = configuration.busyTimeout.components.seconds * 1_000
            + configuration.busyTimeout.components.attoseconds / 1_000_000_000_000_000
        // `busy_timeout` replaces sqlite-nio's busy handler, which retries at once, forever.
        _ = try await connection.query("PRAGMA busy_timeout = \(busyMilliseconds)", [])
        _ = try await connection.query("PRAGMA synchronous = FULL", [])
        return connection
    }

    /// The next reader connection, round-robin.
    var reader: SQLiteConnection {
        let index = self.nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        return self.readers[Int(index % UInt(self.readers.count))]
    }

    /// Closes every connection (checkpointing the WAL into the database file) and stops the thread pool.
    func close() async {
        for reader in self.readers {
            try? await reader.close()
        }
        try? await self.writer.close()
        try? await self.threadPool.shutdownGracefully()
    }
}
