import DiscoStore
import DiscoStorePostgres
import Logging
import NIOCore
import PostgresNIO

import struct Foundation.UUID

/// Raw baseline for (a): the same rows as one multi-row `INSERT … SELECT … FROM unnest(…)` per batch,
/// straight through postgres-nio on concurrent connections, offsets and versions computed by the client.
struct UnnestInsert {
    var batches: [[NewEvent]]
    var connections: Int

    func run(configuration: PostgresEventStore.Configuration, logger: Logger) async throws -> Throughput {
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        let rows = Self.rows(of: self.batches)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let start = ContinuousClock.now
            let (_, cpu) = try await MachineCPU.measuring {
                try await withThrowingTaskGroup(of: Void.self) { inserts in
                    for connection in 0..<self.connections {
                        inserts.addTask {
                            for batch in stride(from: connection, to: rows.count, by: self.connections) {
                                try await client.query(rows[batch].insert, logger: logger)
                            }
                        }
                    }
                    try await inserts.waitForAll()
                }
            }
            let elapsed = ContinuousClock.now - start
            return Throughput(events: rows.reduce(0) { $0 + $1.count }, seconds: elapsed.seconds, cpu: cpu)
        }
    }

    /// One batch's columns.
    struct Rows: Sendable {
        var offsets: [Int64] = []
        var ids: [UUID] = []
        var types: [String] = []
        var aggregates: [String] = []
        var versions: [Int64] = []
        var payloads: [ByteBuffer] = []
        var metas: [ByteBuffer] = []

        var count: Int { self.offsets.count }

        var insert: PostgresQuery {
            """
            INSERT INTO disco_events ("offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta)
            SELECT o, i, t, a, v, now(), p, m
            FROM unnest(\(self.offsets), \(self.ids), \(self.types), \(self.aggregates), \(self.versions),
                        \(self.payloads), \(self.metas)) AS r(o, i, t, a, v, p, m)
            """
        }
    }

    /// The batches with offsets and aggregate versions numbered as the store would.
    static func rows(of batches: [[NewEvent]]) -> [Rows] {
        var offset: Int64 = 0
        var versions: [String: Int64] = [:]
        return batches.map { batch in
            var rows = Rows()
            for event in batch {
                offset += 1
                let aggregate = event.aggregateID ?? ""
                versions[aggregate, default: 0] += 1
                rows.offsets.append(offset)
                rows.ids.append(event.id)
                rows.types.append(event.type)
                rows.aggregates.append(aggregate)
                rows.versions.append(versions[aggregate] ?? 0)
                rows.payloads.append(event.payload)
                rows.metas.append(event.meta)
            }
            return rows
        }
    }
}
