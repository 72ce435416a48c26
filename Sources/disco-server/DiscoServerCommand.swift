import ArgumentParser

/// `disco-server`: the Disco event store server.
@main
struct DiscoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disco-server",
        abstract: "The Disco event store server.",
        discussion: """
            Every option can also be set with the environment variable named after it (shown in its help), \
            for example DISCO_PORT=7766. A flag on the command line wins over the environment.
            """,
        subcommands: [Serve.self, HealthCheck.self],
        defaultSubcommand: Serve.self
    )
}
