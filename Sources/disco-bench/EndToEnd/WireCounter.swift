import CoreMetrics
import Synchronization

/// The bytes an in-process server sends to and receives from its clients (whole frames), read from the server's
/// `disco_bytes_out_total` and `disco_bytes_in_total` counters; every other metric goes nowhere.
final class WireCounter: MetricsFactory, Sendable {
    private let bytesOut = ByteCount()
    private let bytesIn = ByteCount()

    /// Bytes sent to clients so far.
    var sent: Int64 { self.bytesOut.value }
    /// Bytes received from clients so far.
    var received: Int64 { self.bytesIn.value }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        switch label {
        case "disco_bytes_out_total": self.bytesOut
        case "disco_bytes_in_total": self.bytesIn
        default: NOOPMetricsHandler.instance
        }
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        NOOPMetricsHandler.instance
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        NOOPMetricsHandler.instance
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

/// One byte counter.
private final class ByteCount: CounterHandler, Sendable {
    private let total = Atomic<Int64>(0)

    var value: Int64 { self.total.load(ordering: .relaxed) }

    func increment(by amount: Int64) {
        self.total.add(amount, ordering: .relaxed)
    }

    func reset() {
        self.total.store(0, ordering: .relaxed)
    }
}
