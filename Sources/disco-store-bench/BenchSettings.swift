import DiscoStore
import DiscoStorePostgres

/// What the benchmark runs: sizes and durations (``quick`` shrinks them for a smoke run).
struct BenchSettings {
    var url: String
    var batchedCallers = 4
    var batchedEmits = 200
    var eventsPerBatch = 1_000
    var payloadSize = BenchEvents.payloadSize
    var singleCallers = 64
    var singleDuration: Duration = .seconds(10)
    var pgbenchClients = 16
    var pgbenchTransactionsPerClient = 2_000
    var readPageSize = 5_000
    /// The workloads to run (`--only=batched,single,read`); all when empty.
    var only: Set<String> = []

    init(arguments: [String], environment: [String: String]) throws {
        guard let url = environment["DISCO_BENCH_POSTGRES_URL"] ?? environment["DISCO_TEST_POSTGRES_URL"] else {
            throw EventStoreError.invalidArgument(
                "set DISCO_BENCH_POSTGRES_URL (or run under scripts/with-postgres, which sets DISCO_TEST_POSTGRES_URL)"
            )
        }
        self.url = url
        for argument in arguments {
            if argument.hasPrefix("--only=") {
                self.only = Set(argument.dropFirst("--only=".count).split(separator: ",").map(String.init))
            } else if argument.hasPrefix("--page-size="), let size = Int(argument.dropFirst("--page-size=".count)) {
                self.readPageSize = size
            }
        }
        if arguments.contains("--quick") {
            self.batchedEmits = 20
            self.singleDuration = .seconds(2)
            self.pgbenchTransactionsPerClient = 200
        }
    }
}

extension BenchSettings {
    func runs(_ workload: String) -> Bool {
        self.only.isEmpty || self.only.contains(workload)
    }
}
