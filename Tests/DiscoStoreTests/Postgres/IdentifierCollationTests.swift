import DiscoStore
import DiscoTestSupport
import NIOCore
import PostgresNIO
import Testing

@testable import DiscoStorePostgres

/// Event types, aggregate ids and consumer names use the `"C"` collation whatever the database's default
/// (see ``PostgresEventStore/Schema``), and the reads by aggregate and by type still find their indexes —
/// a query whose collation differed from its index's could not use it, and would scan the table.
@Suite(.timeLimit(.minutes(1)))
struct IdentifierCollationTests {
    @Test func identifiersUseTheCCollationAndReadsUseTheirIndexes() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                for batch in 0..<3 {
                    let events = (0..<1_000).map { index in
                        NewEvent(
                            type: index == 0 ? "Rare" : "Common",
                            aggregateID: "agg-\((batch * 1_000 + index) % 100)",
                            payload: ByteBuffer(string: "p")
                        )
                    }
                    _ = try await store.emit(events)
                }
            }
            try await TestDatabase.withConnection(to: configuration) { connection in
                let collations = try await PostgresMigrationTests.strings(
                    """
                    SELECT table_name || '.' || column_name || ' ' || coalesce(collation_name, 'default')
                    FROM information_schema.columns
                    WHERE (table_name, column_name) IN (('disco_events', 'type'), ('disco_events', 'aggregate_id'),
                                                        ('disco_consumers', 'name'))
                    ORDER BY 1
                    """,
                    on: connection
                )
                #expect(collations == ["disco_consumers.name C", "disco_events.aggregate_id C", "disco_events.type C"])

                _ = try await connection.query("VACUUM ANALYZE disco_events", logger: TestDatabase.logger)
                let byAggregate = try await Self.plan(
                    EventReader.aggregateQuery("agg-7", fromVersion: 1, limit: 100),
                    on: connection
                )
                #expect(byAggregate.contains("disco_events_aggregate"), "\(byAggregate)")
                let byType = try await Self.plan(EventReader.afterQuery(0, types: ["Rare"], limit: 100), on: connection)
                #expect(byType.contains("disco_events_type"), "\(byType)")
            }
        }
    }

    /// The plan PostgreSQL picks for `query`, one line per node.
    private static func plan(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> String {
        var lines: [String] = []
        let explain = PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds)
        for try await line in try await connection.query(explain, logger: TestDatabase.logger).decode(String.self) {
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
