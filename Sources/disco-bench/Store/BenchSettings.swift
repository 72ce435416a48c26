import DiscoStorePostgres

/// What the store benchmark runs: sizes and durations (`quick` shrinks them for a smoke run).
struct BenchSettings {
    var batchedCallers = 4
    var batchedEmits = 200
    var eventsPerBatch = 1_000
    var events = BenchEvents()
    var singleCallers = 64
    var singleDuration: Duration = .seconds(10)
    var pgbenchClients = 16
    var pgbenchTransactionsPerClient = 2_000
    var readPageSize = 5_000
    var readAhead = PostgresEventStore.Configuration().readAhead
    /// How many times (c) and its baseline read all events.
    var readPasses = 5
    /// The workloads to run (`batched`, `single`, `read`); all when empty.
    var only: Set<String> = []

    init(quick: Bool) {
        if quick {
            self.batchedEmits = 20
            self.singleDuration = .seconds(2)
            self.pgbenchTransactionsPerClient = 200
            self.readPasses = 1
        }
    }

    func runs(_ workload: String) -> Bool {
        self.only.isEmpty || self.only.contains(workload)
    }
}
