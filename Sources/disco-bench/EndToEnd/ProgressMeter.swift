import Foundation
import Synchronization

/// Progress of one workload: events done, sampled four times a second into a timeline (throughput over time,
/// for the HTML report) and drawn live on a terminal (rate, elapsed, ETA on standard error).
final class ProgressMeter: Sendable {
    private let done = Atomic<Int>(0)

    /// Counts `events` more events done.
    func add(_ events: Int) {
        self.done.add(events, ordering: .relaxed)
    }

    /// Runs `body` with a meter for the workload `name`, expected to take about `duration` (for the ETA), and
    /// adds its samples to `timelines`.
    static func measuring<Result>(
        _ name: String,
        duration: Duration,
        timelines: Timelines,
        _ body: (ProgressMeter) async throws -> Result
    ) async throws -> Result {
        let meter = ProgressMeter()
        let drawsLive = isatty(STDERR_FILENO) == 1
        let start = ContinuousClock.now
        let sampling = Task {
            var samples: [Timelines.Sample] = []
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                let elapsed = (ContinuousClock.now - start).seconds
                let done = meter.done.load(ordering: .relaxed)
                samples.append(.init(seconds: elapsed, events: done))
                guard drawsLive else { continue }
                let line =
                    "\r\(name): \(done) events, "
                    + String(
                        format: "%.0f events/s, %.1f s elapsed, ETA %.0f s   ",
                        Double(done) / max(elapsed, 0.001),
                        elapsed,
                        max(0, duration.seconds - elapsed)
                    )
                FileHandle.standardError.write(Data(line.utf8))
            }
            return samples
        }
        defer {
            sampling.cancel()
            if drawsLive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
        let result = try await body(meter)
        sampling.cancel()
        timelines.add(name, samples: await sampling.value)
        return result
    }
}

/// Throughput over time of every workload of a run.
final class Timelines: Sendable {
    /// Events done by a time since the workload started.
    struct Sample: Codable, Sendable {
        var seconds: Double
        var events: Int
    }

    private let samples = Mutex<[String: [Sample]]>([:])

    func add(_ name: String, samples: [Sample]) {
        self.samples.withLock { $0[name] = samples }
    }

    var all: [String: [Sample]] {
        self.samples.withLock { $0 }
    }
}
