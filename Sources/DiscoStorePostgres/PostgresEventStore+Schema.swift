extension PostgresEventStore {
    /// The tables and columns the PostgreSQL event store keeps, as ``PostgresEventStore/migrate()`` creates
    /// them (version ``currentVersion``):
    ///
    /// ```sql
    /// CREATE TABLE disco_events (
    ///     "offset"          bigint PRIMARY KEY,    -- 1, 2, 3, … gapless, in commit order
    ///     id                uuid NOT NULL UNIQUE,
    ///     type              text COLLATE "C" NOT NULL,   -- identifiers compare byte by byte
    ///     aggregate_id      text COLLATE "C",      -- NULL: no aggregate
    ///     aggregate_version bigint,                -- 1, 2, 3, … per aggregate; NULL without aggregate
    ///     emitted_at        timestamptz NOT NULL,  -- the commit's clock, never decreasing with offset
    ///     payload           bytea NOT NULL,
    ///     meta              bytea NOT NULL);
    /// CREATE UNIQUE INDEX disco_events_aggregate ON disco_events (aggregate_id, aggregate_version)
    ///     WHERE aggregate_id IS NOT NULL;
    /// CREATE INDEX disco_events_type ON disco_events (type, "offset");
    /// CREATE TABLE disco_head (        -- exactly one row: the latest offset, its emitted_at, who wrote it
    ///     singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    ///     "offset" bigint NOT NULL, emitted_at timestamptz NOT NULL,
    ///     writer uuid,                 -- the store instance that appended last (NULL: none or unknown)
    ///     appends bigint NOT NULL DEFAULT 0);  -- how many appends wrote events
    /// CREATE TABLE disco_consumers (name text COLLATE "C" PRIMARY KEY, "offset" bigint NOT NULL);
    /// CREATE TABLE disco_schema_migrations (version int PRIMARY KEY, description text NOT NULL,
    ///     applied_at timestamptz NOT NULL DEFAULT now());
    /// ```
    ///
    /// Event types, aggregate ids and consumer names are identifiers: they use the `"C"` collation whatever the
    /// database's default, so that their indexes compare bytes (under a linguistic collation such as
    /// `en_US.UTF-8`, comparing them cost a third of PostgreSQL's time per appended event) and their order
    /// never changes with the operating system's locale data (an upgrade of which can leave indexes on
    /// linguistically collated text out of order).
    ///
    /// Appends go through the functions `disco_append(…)` and `disco_append_staged(…)`, which keep
    /// `disco_head` in step with `disco_events`. A tool that loads rows into `disco_events` directly must also
    /// set `disco_head."offset"` (and `emitted_at`) to its last row and `writer` to NULL, in the same
    /// transaction.
    public enum Schema {
        /// The schema version this build creates and expects.
        public static let currentVersion = 5
        /// The events table.
        public static let eventsTable = "disco_events"
        /// The one-row table holding the head offset; appenders lock its row to order commits.
        public static let headTable = "disco_head"
        /// The consumer offsets table.
        public static let consumersTable = "disco_consumers"
        /// The table recording applied migrations.
        public static let migrationsTable = "disco_schema_migrations"
        /// The columns of ``eventsTable``, in table order. `offset` is an SQL keyword: quote it.
        public static let eventColumns = [
            "offset", "id", "type", "aggregate_id", "aggregate_version", "emitted_at", "payload", "meta",
        ]
        /// The channel on which every append notifies the new head offset (as decimal text).
        public static let notificationChannel = "disco_events"
    }
}
