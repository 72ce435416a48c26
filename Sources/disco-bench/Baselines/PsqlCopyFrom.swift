import DiscoStore
import DiscoStorePostgres
import Foundation
import NIOCore

/// Raw baseline for (a): the same rows through `psql -c "\copy … from stdin"` in text format (bytea as hex),
/// one stream.
struct PsqlCopyFrom {
    var batches: [[NewEvent]]

    func run(server: BenchServer, configuration: PostgresEventStore.Configuration) async throws -> Throughput {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("disco-bench-\(UUID()).copy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = ""
        for rows in UnnestInsert.rows(of: self.batches) {
            for index in 0..<rows.count {
                text += "\(rows.offsets[index])\t\(rows.ids[index].uuidString.lowercased())\t\(rows.types[index])\t"
                text += "\(rows.aggregates[index])\t\(rows.versions[index])\t2026-01-01 00:00:00+00\t"
                text += "\\\\x\(rows.payloads[index].hexDigits)\t\\\\x\(rows.metas[index].hexDigits)\n"
            }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let start = ContinuousClock.now
        let (_, cpu) = try await MachineCPU.measuring {
            try server.psql(
                [
                    "-v", "ON_ERROR_STOP=1", "-q", "-c",
                    #"\copy disco_events ("offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta) from stdin"#,
                ],
                configuration: configuration,
                input: input
            )
        }
        let elapsed = ContinuousClock.now - start
        return Throughput(events: self.batches.reduce(0) { $0 + $1.count }, seconds: elapsed.seconds, cpu: cpu)
    }
}

extension ByteBuffer {
    /// The readable bytes as lowercase hex digits, as PostgreSQL writes `bytea` after `\\x`.
    var hexDigits: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(self.readableBytes * 2)
        for byte in self.readableBytesView {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
