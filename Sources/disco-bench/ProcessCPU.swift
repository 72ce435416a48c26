import Glibc

/// CPU time (user + system) this process used so far.
enum ProcessCPU {
    static func now() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func duration(_ time: timeval) -> Duration {
            .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec))
        }
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }

    /// Runs `body`; returns its result and the process CPU time it took.
    static func measuring<Result>(_ body: () async throws -> Result) async rethrows -> (Result, Duration) {
        let before = Self.now()
        let result = try await body()
        return (result, Self.now() - before)
    }
}
