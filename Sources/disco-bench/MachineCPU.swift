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
/// This process's time is ``ProcessCPU``'s (exact); every other process's is taken from its own counters,
/// sampled every 100 ms, so that processes that exit before the end (the connections of pgbench or psql)
/// still count up to their last sample.
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
        let (result, ownTime) = try await ProcessCPU.measuring(body)
        sampler.cancel()
        var split = await sampler.value
        split.thisProcess = ownTime.seconds
        return (result, split)
    }

    /// Every process's CPU time (clock ticks) and the machine's idle ticks at one moment.
    private struct Snapshot {
        enum Owner { case postgres, other }

        var processes: [Int32: (owner: Owner, ticks: Int)] = [:]
        var idleTicks = 0

        static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

        /// Reads `/proc` with plain system calls and byte parsing: the sampler runs ten times a second inside
        /// the process it measures, so its own cost shows in every figure.
        static func take() -> Snapshot? {
            var buffer = [UInt8](repeating: 0, count: 1024)
            guard let stat = read("/proc/stat", into: &buffer), let idle = Self.idleTicks(stat),
                let directory = opendir("/proc")
            else {
                return nil
            }
            defer { closedir(directory) }
            var snapshot = Snapshot()
            snapshot.idleTicks = idle
            let ownPID = getpid()
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                    String(cString: bytes.bindMemory(to: CChar.self).baseAddress!)
                }
                guard let pid = Int32(name), pid != ownPID, let stat = read("/proc/\(name)/stat", into: &buffer),
                    let (isPostgres, ticks) = Self.processTicks(stat)
                else {
                    continue  // not a process, or this one (``ProcessCPU`` measures it exactly)
                }
                snapshot.processes[pid] = (isPostgres ? .postgres : .other, ticks)
            }
            return snapshot
        }

        /// Idle plus I/O-wait ticks from `/proc/stat`'s first line: "cpu  user nice system idle iowait …".
        private static func idleTicks(_ stat: ArraySlice<UInt8>) -> Int? {
            let fields = stat.prefix { $0 != UInt8(ascii: "\n") }.split(separator: UInt8(ascii: " "))
            guard fields.count > 5, let idle = Self.integer(fields[4]), let wait = Self.integer(fields[5]) else {
                return nil
            }
            return idle + wait
        }

        /// Whether a process is PostgreSQL's, and its user plus system ticks, from `/proc/PID/stat`:
        /// "pid (comm) state ppid … utime stime …" — comm may hold spaces and parentheses.
        private static func processTicks(_ stat: ArraySlice<UInt8>) -> (Bool, Int)? {
            guard let open = stat.firstIndex(of: UInt8(ascii: "(")),
                let close = stat.lastIndex(of: UInt8(ascii: ")"))
            else {
                return nil
            }
            let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "), maxSplits: 14)
            guard fields.count > 13, let user = Self.integer(fields[11]), let system = Self.integer(fields[12]) else {
                return nil
            }
            return (stat[(open + 1)..<close].starts(with: "postgres".utf8), user + system)
        }

        private static func integer(_ digits: ArraySlice<UInt8>) -> Int? {
            guard !digits.isEmpty else { return nil }
            var value = 0
            for digit in digits {
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(digit - UInt8(ascii: "0"))
            }
            return value
        }

        /// Adds what happened between `previous` and this snapshot to `split`.
        func add(since previous: Snapshot, to split: inout CPUSplit) {
            for (pid, process) in self.processes {
                let seconds = Double(process.ticks - (previous.processes[pid]?.ticks ?? 0)) / Self.ticksPerSecond
                switch process.owner {
                case .postgres: split.postgres += seconds
                case .other: split.others += seconds
                }
            }
            split.idle += Double(self.idleTicks - previous.idleTicks) / Self.ticksPerSecond
        }

        /// The first bytes of a file (enough for a `stat` line), read into `buffer`.
        private static func read(_ path: String, into buffer: inout [UInt8]) -> ArraySlice<UInt8>? {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            return buffer[..<count]
        }
    }
}
