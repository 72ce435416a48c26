import Foundation
import Glibc

/// Where the machine's CPU time went while a workload ran: PostgreSQL's processes, this process (store,
/// client or in-process server), every other process (psql, pgbench, an out-of-process server, neighbours),
/// and idle — in seconds of CPU.
///
/// A throughput ratio says how fast, this says at what cost: with both cores busy, the events per second of a
/// workload are bounded by its CPU per event, which is far less noisy than the rate on a shared machine.
struct CPUSplit: Codable, Sendable {
    var postgres: Double = 0
    var thisProcess: Double = 0
    var others: Double = 0
    var idle: Double = 0

    /// Microseconds of CPU per event for each part, e.g. "PostgreSQL 9.7 µs, this process 2.7 µs, ...".
    func perEvent(_ events: Int) -> String {
        let scale = 1e6 / Double(max(1, events))
        let busy = self.postgres + self.thisProcess + self.others
        let idleShare = self.idle / max(busy + self.idle, 1e-9) * 100
        return "CPU per event: PostgreSQL \(BenchReport.format(self.postgres * scale)) µs, "
            + "this process \(BenchReport.format(self.thisProcess * scale)) µs, "
            + "others \(BenchReport.format(self.others * scale)) µs; idle \(Int(idleShare.rounded()))%"
    }
}

/// Samples `/proc` (Linux) while a workload runs and splits the CPU time used meanwhile (see ``CPUSplit``).
///
/// Each process's time is taken from its own counters, sampled every 100 ms, so that processes that exit
/// before the end (the connections of pgbench or psql) still count up to their last sample.
enum MachineCPU {
    /// Runs `body` and returns its result with the CPU split over its duration; `nil` where `/proc` is missing.
    static func measuring<Result: Sendable>(
        _ body: () async throws -> Result
    ) async rethrows -> (Result, CPUSplit?) {
        guard let first = Snapshot.take() else {
            return (try await body(), nil)
        }
        let sampler = Task<CPUSplit, Never> {
            var split = CPUSplit()
            var previous = first
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                guard let next = Snapshot.take() else { break }
                next.add(since: previous, to: &split)
                previous = next
            }
            return split
        }
        let result = try await body()
        sampler.cancel()
        return (result, await sampler.value)
    }

    /// Every process's CPU time (clock ticks) and the machine's idle ticks at one moment.
    private struct Snapshot {
        enum Owner { case postgres, thisProcess, other }

        var processes: [Int32: (owner: Owner, ticks: Int)] = [:]
        var idleTicks = 0

        static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

        static func take() -> Snapshot? {
            guard let stat = read("/proc/stat"), let line = stat.split(separator: "\n").first,
                let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc")
            else {
                return nil
            }
            var snapshot = Snapshot()
            // "cpu  user nice system idle iowait irq softirq steal ..."
            let fields = line.split(separator: " ").dropFirst().compactMap { Int($0) }
            guard fields.count >= 5 else { return nil }
            snapshot.idleTicks = fields[3] + fields[4]
            let ownPID = getpid()
            for entry in entries {
                guard let pid = Int32(entry), let stat = read("/proc/\(entry)/stat") else { continue }
                // "pid (comm) state ppid ... utime stime ...": comm may hold spaces and parentheses.
                guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
                let rest = stat[stat.index(after: close)...].split(separator: " ")
                guard rest.count > 12, let user = Int(rest[11]), let system = Int(rest[12]) else { continue }
                let owner: Owner =
                    pid == ownPID
                    ? .thisProcess : stat[stat.index(after: open)..<close].hasPrefix("postgres") ? .postgres : .other
                snapshot.processes[pid] = (owner, user + system)
            }
            return snapshot
        }

        /// Adds what happened between `previous` and this snapshot to `split`.
        func add(since previous: Snapshot, to split: inout CPUSplit) {
            for (pid, process) in self.processes {
                let seconds = Double(process.ticks - (previous.processes[pid]?.ticks ?? 0)) / Self.ticksPerSecond
                switch process.owner {
                case .postgres: split.postgres += seconds
                case .thisProcess: split.thisProcess += seconds
                case .other: split.others += seconds
                }
            }
            split.idle += Double(self.idleTicks - previous.idleTicks) / Self.ticksPerSecond
        }

        private static func read(_ path: String) -> String? {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes = [UInt8](repeating: 0, count: 1024)
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            return String(decoding: bytes[..<count], as: UTF8.self)
        }
    }
}
