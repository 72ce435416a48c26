import ArgumentParser
import DiscoClient
import Logging

extension ConnectionOptions {
    /// Runs `body` with a client connected as these options say.
    func withClient<Result: Sendable>(_ body: (DiscoClient) async throws -> Result) async throws -> Result {
        let parts = self.server.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let port = Int(parts[parts.count - 1]) else {
            throw ValidationError("--server must be HOST:PORT, not '\(self.server)'")
        }
        let host = parts.dropLast().joined(separator: ":")
        var configuration = DiscoClient.Configuration(host: host, port: port)
        configuration.clientName = "disco-cli"
        configuration.authToken = self.token
        configuration.compression = !self.noCompression
        var logger = Logger(label: "disco")
        logger.logLevel = .warning
        return try await DiscoClient.withClient(configuration: configuration, logger: logger, body)
    }
}
