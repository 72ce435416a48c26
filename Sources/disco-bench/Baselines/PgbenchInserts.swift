import DiscoStore
import DiscoStorePostgres
import Foundation
import NIOCore

/// Raw baseline for (b): `pgbench` with a custom script of one INSERT (the same payload for every row) per transaction.
///
/// Runs a fixed number of transactions per client (`-t`) and reads pgbench's own rate: pgbench's `-T`
/// relies on SIGALRM, which a child of this process may inherit blocked.
struct PgbenchInserts {
    var clients: Int
    var transactionsPerClient: Int
    /// The payload of every row.
    var payload: ByteBuffer

    func run(server: BenchServer, configuration: PostgresEventStore.Configuration) async throws -> Throughput {
        try await server.execute("CREATE SEQUENCE disco_bench_offset", configuration: configuration)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("disco-bench-\(UUID()).sql").path
        defer { try? FileManager.default.removeItem(atPath: script) }
        let payload = self.payload.hexDigits
        let insert = """
            INSERT INTO disco_events ("offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta) \
            VALUES (nextval('disco_bench_offset'), gen_random_uuid(), 'UserSeen', NULL, NULL, now(), '\\x\(payload)', '\\x');

            """
        try Data(insert.utf8).write(to: URL(fileURLWithPath: script))
        let (output, cpu) = try await MachineCPU.measuring {
            try server.run(
                "pgbench",
                ["-n", "-c", "\(self.clients)", "-j", "2", "-t", "\(self.transactionsPerClient)", "-f", script],
                configuration: configuration
            )
        }
        // "tps = 4839.123 (without initial connection time)"
        guard
            let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst("tps = ".count).prefix { $0 != " " }), tps > 0
        else {
            throw BenchError("no rate in pgbench's output")
        }
        let transactions = self.clients * self.transactionsPerClient
        return Throughput(events: transactions, seconds: Double(transactions) / tps, cpu: cpu)
    }
}
