/// What the end-to-end suite runs: sizes, rates and durations (`quick` shrinks them for a smoke run).
struct EndToEndSettings: Codable, Sendable {
    var events = BenchEvents()
    var batchedCallers = 4
    var eventsPerBatch = 1_000
    var batches = 200
    var singleCallers = 64
    var singleDuration: Duration = .seconds(10)
    var singleMaximumEvents = 500_000
    var pgbenchClients = 16
    var pgbenchTransactionsPerClient = 2_000
    var subscribers = 4
    var subscriptionRate = 10_000
    var eventsPerSubscriptionEmit = 10
    var subscriptionDuration: Duration = .seconds(10)
    var mixedRate = 40_000
    var eventsPerMixedEmit = 100

    init(quick: Bool) {
        guard quick else { return }
        self.batches = 10
        self.singleDuration = .seconds(1)
        self.pgbenchTransactionsPerClient = 50
        self.subscriptionRate = 1_000
        self.mixedRate = 5_000
        self.subscriptionDuration = .seconds(1)
    }
}
