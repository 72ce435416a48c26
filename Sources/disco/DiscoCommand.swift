import ArgumentParser

/// `disco`: a command-line client for a Disco server, built on `DiscoClient`.
@main
struct DiscoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disco",
        abstract: "A command-line client for a Disco server.",
        subcommands: [EmitCommand.self, ReadCommand.self]
    )
}

/// Where the server is and how to talk to it: shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Server address as HOST:PORT. [DISCO_SERVER]")
    var server = Environment.string("DISCO_SERVER", default: "127.0.0.1:7766")

    @Option(help: "Authentication token. [DISCO_AUTH_TOKEN]")
    var token = Environment.string("DISCO_AUTH_TOKEN", default: "")

    @Flag(help: "Do not offer zlib compression for batches.")
    var noCompression = false
}
