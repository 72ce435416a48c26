import DiscoStore
import Logging
import PostgresNIO

/// The statements behind consumer offsets; `disco_consumers` has one row per consumer name (its primary key).
enum ConsumerOffsetQueries {
    static func offset(of name: String, on connection: PostgresConnection, logger: Logger) async throws -> ConsumerOffset {
        let offsets = try await connection.rows(
            #"SELECT "offset" FROM disco_consumers WHERE name = \#(name)"#,
            logger: logger
        ) { try $0.decode(Int64.self) }
        return offsets.first.map { ConsumerOffset(offset: $0, known: true) } ?? .unknown
    }

    /// Sets the offset; with `expected`, only if the current offset (0 for an unknown consumer) equals it.
    ///
    /// Without an expectation, or expecting 0, this is one upsert (`INSERT … ON CONFLICT DO UPDATE [WHERE]`):
    /// concurrent updaters serialise on the row, and each re-checks the condition against the latest
    /// committed value, so of many racing updates with the same expectation exactly one wins. Expecting
    /// another value, an unknown consumer cannot match, so it is a conditional `UPDATE`.
    static func update(
        _ name: String,
        to offset: Int64,
        expected: Int64?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let query: PostgresQuery
        switch expected {
        case nil:
            query = """
                INSERT INTO disco_consumers AS c (name, "offset") VALUES (\(name), \(offset))
                ON CONFLICT (name) DO UPDATE SET "offset" = excluded."offset" RETURNING 1
                """
        case 0?:
            query = """
                INSERT INTO disco_consumers AS c (name, "offset") VALUES (\(name), \(offset))
                ON CONFLICT (name) DO UPDATE SET "offset" = excluded."offset" WHERE c."offset" = 0 RETURNING 1
                """
        case let expected?:
            query = """
                UPDATE disco_consumers SET "offset" = \(offset) WHERE name = \(name) AND "offset" = \(expected)
                RETURNING 1
                """
        }
        guard try await Self.returnsRow(query, on: connection, logger: logger) else {
            let actual = try await Self.offset(of: name, on: connection, logger: logger)
            throw EventStoreError.consumerOffsetConflict(consumer: name, actual: actual)
        }
    }

    static func reset(_ name: String, on connection: PostgresConnection, logger: Logger) async throws {
        let query: PostgresQuery = #"UPDATE disco_consumers SET "offset" = 0 WHERE name = \#(name) RETURNING 1"#
        guard try await Self.returnsRow(query, on: connection, logger: logger) else {
            throw EventStoreError.unknownConsumer(name)
        }
    }

    private static func returnsRow(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await !connection.rows(query, logger: logger) { _ in true }.isEmpty
    }
}
