import DiscoStore
import DiscoStorePostgres
import Foundation

/// Raw baseline for (c): `psql -c "COPY (SELECT … ORDER BY offset) TO STDOUT (FORMAT binary)" > /dev/null`,
/// `passes` times in a row.
struct PsqlCopyTo {
    var passes = 1

    func run(server: BenchServer, configuration: PostgresEventStore.Configuration) async throws -> Throughput {
        let count =
            Int(
                try server.psql(["-At", "-c", "SELECT count(*) FROM disco_events"], configuration: configuration)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            ) ?? 0
        let devNull = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
        let start = ContinuousClock.now
        let (_, cpu) = try await MachineCPU.measuring {
            for _ in 0..<self.passes {
                try server.psql(
                    ["-c", #"COPY (SELECT * FROM disco_events ORDER BY "offset") TO STDOUT (FORMAT binary)"#],
                    configuration: configuration,
                    output: devNull
                )
            }
        }
        let elapsed = ContinuousClock.now - start
        return Throughput(events: count * self.passes, seconds: elapsed.seconds, cpu: cpu)
    }
}
