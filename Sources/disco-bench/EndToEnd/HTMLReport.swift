import Foundation

/// The run as one self-contained HTML page: goals, throughput next to the raw baselines, throughput over time
/// and latency percentiles per workload, as inline SVG (no external assets).
struct HTMLReport {
    var report: EndToEndReport

    var html: String {
        var body = "<h1>disco-bench</h1>\n<h2>Goals</h2>\n<table><tr><th>goal</th><th>measured</th><th>bound</th></tr>"
        for goal in self.report.goals {
            body += "<tr class=\"\(goal.met ? "met" : "miss")\"><td>\(Self.escape(goal.name))</td>"
            body +=
                "<td>\(Self.format(goal.measured))</td><td>\(goal.atMost ? "≤" : "≥") \(Self.format(goal.bound))</td></tr>"
        }
        body += "</table>\n<h2>Throughput next to raw PostgreSQL (events/s)</h2>\n"
        body += Self.barChart(self.throughputBars)
        body += "<h2>Throughput over time (events/s)</h2>\n"
        for (name, samples) in self.report.throughputOverTime.sorted(by: { $0.key < $1.key }) where samples.count > 1 {
            body += "<h3>\(Self.escape(name))</h3>\n" + Self.lineChart(Self.rates(samples))
        }
        body += "<h2>Latency percentiles (ms)</h2>\n"
        for (name, latency) in self.latencies {
            body += "<h3>\(Self.escape(name))</h3>\n"
            body += Self.barChart([
                ("p50", latency.p50), ("p90", latency.p90), ("p99", latency.p99), ("p99.9", latency.p999),
                ("max", latency.max),
            ])
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>disco-bench</title><style>
            body { font: 14px system-ui, sans-serif; margin: 2em; max-width: 60em; }
            table { border-collapse: collapse; } td, th { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; }
            tr.met td:first-child::before { content: "✓ "; color: #080; }
            tr.miss td:first-child::before { content: "✗ "; color: #c00; }
            svg text { font: 11px system-ui, sans-serif; }
            </style></head><body>
            \(body)
            </body></html>
            """
    }

    private var throughputBars: [(String, Double)] {
        let report = self.report
        let rows: [(String, Double?)] = [
            ("emit, batched", report.batchedEmits?.eventsPerSecond),
            ("raw multi-row INSERT", report.rawUnnestInsert?.eventsPerSecond),
            ("raw COPY FROM", report.rawCopyFrom?.eventsPerSecond),
            ("emit, single", report.singleEmits?.eventsPerSecond),
            ("raw pgbench INSERT", report.pgbench?.eventsPerSecond),
            ("read, uncompressed", report.readUncompressed?.throughput.eventsPerSecond),
            ("read, compressed", report.readCompressed?.throughput.eventsPerSecond),
            ("raw COPY TO binary", report.rawCopyToBinary?.eventsPerSecond),
        ]
        return rows.compactMap { name, value in value.map { (name, $0) } }
    }

    private var latencies: [(String, LatencySummary)] {
        let report = self.report
        let rows: [(String, LatencySummary?)] = [
            ("emit, batched: emit → ack", report.batchedEmits?.latencies),
            ("emit, single: emit → ack", report.singleEmits?.latencies),
            ("subscribe: scheduled emit → received", report.subscription?.deliveryLatency),
            ("subscribe: ack → received", report.subscription?.ackToReceiveLatency),
            ("mixed: scheduled emit → received", report.mixed?.deliveryLatency),
        ]
        return rows.compactMap { name, value in value.map { (name, $0) } }
    }

    /// Events per second between consecutive samples.
    private static func rates(_ samples: [Timelines.Sample]) -> [(Double, Double)] {
        zip(samples, samples.dropFirst()).map { earlier, later in
            (later.seconds, Double(later.events - earlier.events) / max(0.001, later.seconds - earlier.seconds))
        }
    }

    /// Horizontal bars, one per labelled value.
    private static func barChart(_ bars: [(String, Double)]) -> String {
        let largest = max(bars.map(\.1).max() ?? 1, 1e-9)
        let (labelWidth, barWidth, rowHeight) = (180.0, 480.0, 22.0)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"\(Int(Double(bars.count) * rowHeight + 4))\">"
        for (index, (label, value)) in bars.enumerated() {
            let y = Double(index) * rowHeight
            let width = value / largest * barWidth
            let color = label.hasPrefix("raw") ? "#999" : "#2a6fdb"
            svg += "<text x=\"0\" y=\"\(y + 15)\">\(Self.escape(label))</text>"
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(Self.format(width))\" height=\"16\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(Self.format(labelWidth + width + 4))\" y=\"\(y + 15)\">\(Self.format(value))</text>"
        }
        return svg + "</svg>\n"
    }

    /// One line of (x, y) points, with its largest y and last x as scale.
    private static func lineChart(_ points: [(Double, Double)]) -> String {
        let (width, height) = (720.0, 160.0)
        let maxX = max(points.map(\.0).max() ?? 1, 1e-9)
        let maxY = max(points.map(\.1).max() ?? 1, 1e-9)
        let path = points.map { x, y in
            "\(Self.format(40 + x / maxX * (width - 50))),\(Self.format(height - 20 - y / maxY * (height - 30)))"
        }.joined(separator: " ")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))">\
            <line x1="40" y1="\(height - 20)" x2="\(width - 10)" y2="\(height - 20)" stroke="#ccc"/>\
            <text x="0" y="14">\(Self.format(maxY))</text><text x="\(width - 60)" y="\(height - 4)">\(Self.format(maxX)) s</text>\
            <polyline fill="none" stroke="#2a6fdb" stroke-width="1.5" points="\(path)"/></svg>

            """
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
