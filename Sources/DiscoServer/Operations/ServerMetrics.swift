import CoreMetrics

/// The server's metrics, created once per server from a `MetricsFactory` (Prometheus in the
/// `disco-server` executable; swift-metrics' global system otherwise).
///
/// Names follow Prometheus conventions with a `disco_` prefix.
package struct ServerMetrics: Sendable {
    /// Emit requests that were stored (including idempotent replays).
    package let emits: Counter
    /// Events stored by emit requests.
    package let eventsEmitted: Counter
    /// Events sent to clients in EVENTS frames.
    package let eventsSent: Counter
    /// Bytes received from clients (whole frames).
    package let bytesIn: Counter
    /// Bytes sent to clients (whole frames).
    package let bytesOut: Counter
    /// Connections accepted since start.
    package let connectionsAccepted: Counter
    /// Connections open now.
    package let connectionsOpen: Meter
    /// Open subscriptions.
    package let subscriptionsOpen: Meter
    /// How far subscribers are behind the head, in events, sampled as they catch up.
    package let subscriptionLag: Recorder
    private let factory: any MetricsFactory

    /// Creates the metrics through `factory`.
    package init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        self.emits = Counter(label: "disco_emits_total", factory: factory)
        self.eventsEmitted = Counter(label: "disco_events_emitted_total", factory: factory)
        self.eventsSent = Counter(label: "disco_events_sent_total", factory: factory)
        self.bytesIn = Counter(label: "disco_bytes_in_total", factory: factory)
        self.bytesOut = Counter(label: "disco_bytes_out_total", factory: factory)
        self.connectionsAccepted = Counter(label: "disco_connections_accepted_total", factory: factory)
        self.connectionsOpen = Meter(label: "disco_connections_open", factory: factory)
        self.subscriptionsOpen = Meter(label: "disco_subscriptions_open", factory: factory)
        self.subscriptionLag = Recorder(label: "disco_subscription_lag_events", factory: factory)
    }

    /// A timer of request latency for one operation (`emit`, `read_after`, ...).
    package func requestLatency(operation: String) -> Timer {
        Timer(label: "disco_request_duration_seconds", dimensions: [("operation", operation)], factory: self.factory)
    }

    /// Counts one request answered with the error named `code`.
    package func countError(code: String) {
        Counter(label: "disco_request_errors_total", dimensions: [("code", code)], factory: self.factory).increment()
    }
}
