import DiscoStore
import struct Foundation.UUID
import Logging
import NIOCore
import PostgresNIO

/// The queries that read pages of events; payloads and metadata stay slices of the received buffers.
enum EventReader {
    /// The columns every read selects, in ``RecordedEvent``'s order.
    private static let columns = #"e."offset", e.id, e.type, e.aggregate_id, e.aggregate_version, e.emitted_at, e.payload, e.meta"#

    /// Events of one aggregate from a version on, via the unique (aggregate_id, aggregate_version) index.
    static func aggregateQuery(_ aggregateID: String, fromVersion: Int64, limit: Int) -> PostgresQuery {
        """
        SELECT \(unescaped: Self.columns) FROM disco_events e
        WHERE e.aggregate_id = \(aggregateID) AND e.aggregate_version >= \(fromVersion)
        ORDER BY e.aggregate_version LIMIT \(limit)
        """
    }

    /// Events after an offset, via the primary key.
    static func afterQuery(_ offset: Int64, limit: Int) -> PostgresQuery {
        """
        SELECT \(unescaped: Self.columns) FROM disco_events e
        WHERE e."offset" > \(offset) ORDER BY e."offset" LIMIT \(limit)
        """
    }

    /// Events of some types after an offset: for each type the first `limit` offsets from the
    /// (type, offset) index, merged, cut to `limit`, then the rows by primary key. This reads at most
    /// types × limit index entries, however rare the types are.
    static func afterQuery(_ offset: Int64, types: [String], limit: Int) -> PostgresQuery {
        """
        WITH picked AS (
            SELECT p."offset" FROM unnest(\(types)::text[]) AS t(type)
            CROSS JOIN LATERAL (
                SELECT x."offset" FROM disco_events x
                WHERE x.type = t.type AND x."offset" > \(offset)
                ORDER BY x."offset" LIMIT \(limit)) p
            ORDER BY p."offset" LIMIT \(limit))
        SELECT \(unescaped: Self.columns) FROM picked JOIN disco_events e ON e."offset" = picked."offset"
        ORDER BY e."offset"
        """
    }

    /// Runs a read query, decoding its rows as they arrive.
    static func read(
        _ query: PostgresQuery,
        on connection: PostgresConnection,
        expecting capacity: Int,
        logger: Logger
    ) async throws -> [RecordedEvent] {
        try await connection.rows(query, logger: logger, expecting: capacity) { row in
            let (offset, id, type, aggregateID, aggregateVersion, emittedAt, payload, meta) = try row.decode(
                (Int64, UUID, String, String?, Int64?, EventTimestamp, ByteBuffer, ByteBuffer).self
            )
            return RecordedEvent(
                offset: offset,
                id: id,
                type: type,
                aggregateID: aggregateID,
                aggregateVersion: aggregateVersion,
                emittedAt: emittedAt,
                payload: payload,
                meta: meta
            )
        }
    }
}
