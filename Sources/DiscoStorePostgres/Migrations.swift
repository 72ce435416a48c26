import DiscoStore
import Logging
import PostgresNIO

/// One step of the schema's history: statements applied together, once, in one transaction.
///
/// Tables change step by step; functions keep no history: every step that touches a function installs its
/// current body (`CREATE OR REPLACE`, same parameters), so a database ends with the current functions
/// whatever version it starts from. A body may use a column that a later step adds: PL/pgSQL resolves names
/// when the function runs, and every pending step is applied in the same transaction, before any append.
struct Migration: Sendable {
    /// The schema version after this step (1, 2, 3, …).
    var version: Int
    /// What the step does, recorded in the migrations table.
    var description: String
    /// The statements, one per query (the extended protocol takes one statement at a time).
    var statements: [String]
}

/// Brings a database's schema up to ``PostgresEventStore/Schema/currentVersion``.
///
/// Every start-up calls ``apply(on:logger:)``: inside one transaction it takes a transaction-scoped advisory
/// lock (so two servers starting at once apply each step exactly once, the second waiting for the first),
/// creates the migrations table if needed, and applies the steps the database has not recorded.
enum Migrations {
    /// The lock key taken with `pg_advisory_xact_lock` while migrating ("disco" in ASCII).
    static let advisoryLockKey: Int64 = 0x64_69_73_63_6F

    /// Every step, in order.
    static let all: [Migration] = [
        Migration(version: 1, description: "events, head, consumers", statements: SchemaV1.statements),
        Migration(
            version: 2,
            description: "disco_append with the appender's version cache, disco_append_staged",
            statements: [
                #"ALTER TABLE disco_head ADD COLUMN writer uuid, ADD COLUMN appends bigint NOT NULL DEFAULT 0"#,
                AppendFunction.dropVersion1Statement,
                AppendFunction.createStatement,
                StagedAppendFunction.createStatement,
            ]
        ),
        Migration(
            version: 3,
            description: "disco_head.max_id: the idempotency probe reads the largest stored id from the head",
            statements: [
                #"ALTER TABLE disco_head ADD COLUMN max_id uuid"#,
                AppendFunction.createStatement,
                StagedAppendFunction.createStatement,
            ]
        ),
        Migration(
            version: 4,
            description: "the id index finds retries: no probe before the insert, disco_head.max_id dropped",
            statements: [
                AppendFunction.dropVersion3Statement,
                StagedAppendFunction.dropVersion3Statement,
                #"ALTER TABLE disco_head DROP COLUMN max_id"#,
                AppendFunction.createStatement,
                StagedAppendFunction.createStatement,
            ]
        ),
        Migration(
            version: 5,
            description: "identifiers (event type, aggregate id, consumer name) compare byte by byte: COLLATE \"C\"",
            statements: [
                #"ALTER TABLE disco_events ALTER COLUMN type TYPE text COLLATE "C", ALTER COLUMN aggregate_id TYPE text COLLATE "C""#,
                #"ALTER TABLE disco_consumers ALTER COLUMN name TYPE text COLLATE "C""#,
            ]
        ),
    ]

    static func apply(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute("BEGIN", logger: logger)
        do {
            try await Self.applyInTransaction(on: connection, logger: logger)
            try await connection.execute("COMMIT", logger: logger)
        } catch {
            try? await connection.execute("ROLLBACK", logger: logger)
            throw error
        }
    }

    private static func applyInTransaction(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))", logger: logger)
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS disco_schema_migrations (
                version int PRIMARY KEY,
                description text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """,
            logger: logger
        )
        let applied = try await connection.rows(
            "SELECT coalesce(max(version), 0) FROM disco_schema_migrations",
            logger: logger
        ) { try $0.decode(Int.self) }.first ?? 0
        guard applied <= PostgresEventStore.Schema.currentVersion else {
            throw EventStoreError(
                .storageFailure,
                reason: "the database's schema version \(applied) is newer than this build's"
            )
        }
        for migration in Self.all where migration.version > applied {
            logger.info("applying migration", metadata: ["disco_schema_version": "\(migration.version)"])
            for statement in migration.statements {
                try await connection.execute(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.execute(
                """
                INSERT INTO disco_schema_migrations (version, description)
                VALUES (\(migration.version), \(migration.description))
                """,
                logger: logger
            )
        }
    }
}
