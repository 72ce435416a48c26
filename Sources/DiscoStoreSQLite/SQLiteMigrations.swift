import DiscoStore
import SQLiteNIO

/// The versioned schema of the SQLite store, applied at start-up by the writer connection.
///
/// `disco_schema_migrations` records each applied version. Migrations run in one `BEGIN IMMEDIATE`
/// transaction, so two processes starting on the same file apply each version once. A file whose schema is
/// newer than this build knows is refused rather than guessed at.
///
/// Version 1 (the logical tables of the PostgreSQL store):
/// - `disco_events`: `"offset"` (`INTEGER PRIMARY KEY`, the rowid), `id` (16-byte `BLOB`, unique), `type`,
///   `aggregate_id` and `aggregate_version` (unique together; `NULL` without an aggregate), `emitted_at`
///   (microseconds since 1970), `payload` and `meta` (`BLOB`); an index on `(type, "offset")`.
/// - `disco_head`: one row with the latest offset and its `emitted_at`.
/// - `disco_consumers`: `name` (primary key) and `"offset"`.
enum SQLiteMigrations {
    /// Each migration's statements; migration `n` is `all[n - 1]`.
    static let all: [[String]] = [
        [
            """
            CREATE TABLE disco_events (
                "offset" INTEGER PRIMARY KEY,
                id BLOB NOT NULL UNIQUE,
                type TEXT NOT NULL,
                aggregate_id TEXT,
                aggregate_version INTEGER,
                emitted_at INTEGER NOT NULL,
                payload BLOB NOT NULL,
                meta BLOB NOT NULL)
            """,
            "CREATE UNIQUE INDEX disco_events_aggregate ON disco_events (aggregate_id, aggregate_version)",
            #"CREATE INDEX disco_events_type ON disco_events (type, "offset")"#,
            """
            CREATE TABLE disco_head (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                "offset" INTEGER NOT NULL,
                emitted_at INTEGER NOT NULL)
            """,
            #"INSERT INTO disco_head (singleton, "offset", emitted_at) VALUES (1, 0, 0)"#,
            #"CREATE TABLE disco_consumers (name TEXT PRIMARY KEY, "offset" INTEGER NOT NULL)"#,
        ]
    ]

    /// Brings the database on `connection` to the latest version.
    static func apply(on connection: SQLiteConnection) async throws {
        _ = try await connection.query("BEGIN IMMEDIATE", [])
        do {
            _ = try await connection.query(
                "CREATE TABLE IF NOT EXISTS disco_schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
                []
            )
            let rows = try await connection.query("SELECT coalesce(max(version), 0) AS version FROM disco_schema_migrations", [])
            guard let current = rows.first?.column("version")?.integer else {
                throw EventStoreError(.storageFailure, reason: "cannot read the schema version")
            }
            guard current <= Self.all.count else {
                throw EventStoreError(
                    .storageFailure,
                    reason: "the database has schema version \(current); this build knows up to \(Self.all.count)"
                )
            }
            for version in (current + 1)..<(Self.all.count + 1) {
                for statement in Self.all[version - 1] {
                    _ = try await connection.query(statement, [])
                }
                _ = try await connection.query(
                    "INSERT INTO disco_schema_migrations (version, applied_at) VALUES (?, ?)",
                    [.integer(version), .integer(Int(EventTimestamp.now.microsecondsSinceEpoch))]
                )
            }
            _ = try await connection.query("COMMIT", [])
        } catch {
            _ = try? await connection.query("ROLLBACK", [])
            throw error
        }
    }
}
