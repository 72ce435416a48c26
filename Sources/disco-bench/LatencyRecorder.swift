import Foundation
import Histogram

/// Latencies recorded in an HdrHistogram (microseconds, 3 significant digits, 1 µs ... 100 s).
struct LatencyRecorder: Sendable {
    private(set) var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1,
        highestTrackableValue: 100_000_000,
        numberOfSignificantValueDigits: .three
    )

    mutating func record(_ latency: Duration) {
        let microseconds = max(1, min(100_000_000, latency.seconds * 1e6))
        _ = self.histogram.record(UInt64(microseconds))
    }

    mutating func add(_ other: LatencyRecorder) {
        self.histogram.add(other.histogram)
    }

    var summary: LatencySummary {
        LatencySummary(
            count: Int(self.histogram.totalCount),
            p50: self.milliseconds(50),
            p90: self.milliseconds(90),
            p99: self.milliseconds(99),
            p999: self.milliseconds(99.9),
            max: Double(self.histogram.max) / 1_000
        )
    }

    private func milliseconds(_ percentile: Double) -> Double {
        Double(self.histogram.valueAtPercentile(percentile)) / 1_000
    }
}

/// Latency percentiles of a workload, in milliseconds.
struct LatencySummary: Codable, Sendable, CustomStringConvertible {
    var count: Int
    var p50: Double
    var p90: Double
    var p99: Double
    var p999: Double
    var max: Double

    var description: String {
        func format(_ value: Double) -> String { String(format: "%.2f", value) }
        return "p50 \(format(self.p50)) ms, p90 \(format(self.p90)), p99 \(format(self.p99)), "
            + "p99.9 \(format(self.p999)), max \(format(self.max))"
    }
}
