import ArgumentParser
import Foundation

/// Where the PostgreSQL server under test is: the baselines (and a server the tool starts) use it.
struct PostgresOptions: ParsableArguments {
    @Option(
        name: .customLong("postgres-url"),
        help: "The PostgreSQL server's URL (default: $DISCO_BENCH_POSTGRES_URL, else $DISCO_TEST_POSTGRES_URL)."
    )
    var explicitURL: String?

    /// The URL to use, or `nil` when none is given anywhere.
    var urlIfGiven: String? {
        let environment = ProcessInfo.processInfo.environment
        return self.explicitURL ?? environment["DISCO_BENCH_POSTGRES_URL"] ?? environment["DISCO_TEST_POSTGRES_URL"]
    }

    func url() throws -> String {
        guard let url = self.urlIfGiven else {
            throw ValidationError(
                "give --postgres-url (or run under scripts/with-postgres, which sets DISCO_TEST_POSTGRES_URL)"
            )
        }
        return url
    }
}
