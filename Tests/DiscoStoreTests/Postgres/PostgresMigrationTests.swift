import DiscoTestSupport
import DiscoStore
import Logging
import PostgresNIO
import Testing

@testable import DiscoStorePostgres

@Suite(.timeLimit(.minutes(1)))
struct PostgresMigrationTests {
    @Test func storesStartingAtOnceMigrateOnceAndTheSchemaMatchesItsDocumentation() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) {
                            try await $0.migrate()
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await TestDatabase.withConnection(to: configuration) { connection in
                let versions = try await Self.strings(
                    "SELECT version::text FROM disco_schema_migrations ORDER BY version",
                    on: connection
                )
                #expect(versions == (1...PostgresEventStore.Schema.currentVersion).map(String.init))
                let columns = try await Self.strings(
                    """
                    SELECT column_name::text FROM information_schema.columns
                    WHERE table_name = '\(PostgresEventStore.Schema.eventsTable)' ORDER BY ordinal_position
                    """,
                    on: connection
                )
                #expect(columns == PostgresEventStore.Schema.eventColumns)
                for table in [PostgresEventStore.Schema.headTable, PostgresEventStore.Schema.consumersTable] {
                    #expect(try await Self.strings("SELECT count(*)::text FROM \(table)", on: connection).count == 1)
                }
            }
        }
    }

    @Test func aDatabaseAtVersion1WithItsAppendFunctionIsUpgraded() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestDatabase.withConnection(to: configuration) { connection in
                // The state an earlier build left: version 1's tables and its disco_append (same parameters).
                for statement in SchemaV1.statements + [
                    """
                    CREATE FUNCTION disco_append(int[], uuid[], text[], int[], int[], bytea[], bytea[], text[],
                        int[], int[], bigint[], uuid) RETURNS void LANGUAGE sql AS ''
                    """,
                    """
                    CREATE TABLE disco_schema_migrations (version int PRIMARY KEY, description text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """,
                    "INSERT INTO disco_schema_migrations (version, description) VALUES (1, 'v1')",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                let result = try await store.emit([EventFactory.event(aggregate: "a")])
                #expect(result.events.map(\.offset) == [1])
            }
            try await TestDatabase.withConnection(to: configuration) { connection in
                let functions = try await Self.strings(
                    "SELECT pg_get_function_identity_arguments(oid) FROM pg_proc WHERE proname = 'disco_append'",
                    on: connection
                )
                #expect(functions.count == 1)
            }
        }
    }

    @Test func aDatabaseAtVersion3LosesTheHeadsMaxIDAndTheOldFunctions() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestDatabase.withConnection(to: configuration) { connection in
                // The state version 3 left: the head's max_id and both functions taking the smallest id.
                for statement in SchemaV1.statements + [
                    """
                    ALTER TABLE disco_head ADD COLUMN writer uuid, ADD COLUMN appends bigint NOT NULL DEFAULT 0,
                        ADD COLUMN max_id uuid
                    """,
                    """
                    CREATE FUNCTION disco_append(int[], uuid[], text[], int[], int[], bytea[], bytea[], text[],
                        int[], int[], bigint[], uuid, uuid, bigint, bigint, bigint[]) RETURNS void LANGUAGE sql AS ''
                    """,
                    """
                    CREATE FUNCTION disco_append_staged(uuid[], text[], int[], int[], bytea[], bytea[], text[],
                        int[], bigint[], uuid, uuid, bigint, bigint, bigint[], bigint, bigint)
                        RETURNS void LANGUAGE sql AS ''
                    """,
                    """
                    CREATE TABLE disco_schema_migrations (version int PRIMARY KEY, description text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """,
                    "INSERT INTO disco_schema_migrations (version, description) VALUES (1, 'v1'), (2, 'v2'), (3, 'v3')",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                let event = EventFactory.event(aggregate: "a")
                let first = try await store.emit([event])
                let retry = try await store.emit([event])
                #expect(first.events.map(\.offset) == [1])
                #expect(retry.replayed)
            }
            try await TestDatabase.withConnection(to: configuration) { connection in
                let functions = try await Self.strings(
                    """
                    SELECT proname::text FROM pg_proc WHERE proname IN ('disco_append', 'disco_append_staged')
                    ORDER BY proname
                    """,
                    on: connection
                )
                #expect(functions == ["disco_append", "disco_append_staged"])
                let headColumns = try await Self.strings(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'disco_head'",
                    on: connection
                )
                #expect(!headColumns.contains("max_id"))
            }
        }
    }

    @Test func consumerOffsetsKeepOneRowPerNameUnderRaces() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<32 {
                        group.addTask {
                            try? await store.updateConsumerOffset("shared", to: Int64(writer), expected: 0)
                            try await store.updateConsumerOffset("shared", to: Int64(writer))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await TestDatabase.withConnection(to: configuration) { connection in
                let count = try await Self.strings("SELECT count(*)::text FROM disco_consumers", on: connection)
                #expect(count == ["1"])
            }
        }
    }

    static func strings(_ sql: String, on connection: PostgresConnection) async throws -> [String] {
        var values: [String] = []
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
            .decode(String.self)
        {
            values.append(value)
        }
        return values
    }
}
