import ArgumentParser

/// `disco-bench`: Disco's load-test tool. Measures streaming throughput end to end through `DiscoClient`
/// against a server, next to raw-PostgreSQL baselines of the same rows in the same run.
///
///     scripts/with-postgres swift run -c release disco-bench all --json bench.json
@main
struct DiscoBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disco-bench",
        abstract: "Disco's load-test tool: end to end through DiscoClient, next to raw PostgreSQL.",
        subcommands: [
            EndToEndCommand.All.self, EndToEndCommand.Emit.self, EndToEndCommand.Read.self,
            EndToEndCommand.Subscribe.self, EndToEndCommand.Mixed.self, StoreBench.self,
        ]
    )
}
