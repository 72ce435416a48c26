extension SQLiteEventStore {
    /// Where a ``SQLiteEventStore`` keeps its database file and how it batches writes.
    public struct Configuration: Sendable {
        /// The database file; created (with its `-wal` and `-shm` companions next to it) if missing. Its
        /// folder must exist.
        public var path: String

        /// How long a statement waits for a lock held by another connection to the same file (another store
        /// instance or process) before failing with ``EventStoreError/Code/storageUnavailable``. Within one
        /// store nothing waits: it has a single writer, and readers never wait in WAL mode. Defaults to
        /// 5 seconds.
        public var busyTimeout: Duration

        /// How many connections serve reads, side by side with the writer's. Defaults to `2`.
        public var readerConnections: Int

        /// The most events one group commit writes; emits beyond it wait for the next group. An emit larger
        /// than this is committed alone. Defaults to `10_000`.
        public var maximumEventsPerGroup: Int

        /// The most payload and meta bytes one group commit writes; an emit larger than this is committed
        /// alone. Defaults to 16 MiB.
        public var maximumBytesPerGroup: Int

        /// Creates a configuration for the database file at `path`; every other setting takes its documented
        /// default.
        public init(path: String) {
            self.path = path
            self.busyTimeout = .seconds(5)
            self.readerConnections = 2
            self.maximumEventsPerGroup = 10_000
            self.maximumBytesPerGroup = 16 * 1024 * 1024
        }
    }
}
