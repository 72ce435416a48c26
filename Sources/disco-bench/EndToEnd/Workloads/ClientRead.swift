import DiscoClient
import NIOCore

/// `read`: every event after an offset (optionally only some types) streamed through `DiscoClient`.
struct ClientRead {
    var after: UInt64
    var types: [String] = []

    /// What a read streamed, and what it cost on the wire.
    struct Figures: Codable, Sendable {
        var throughput: Throughput
        /// Payload bytes received.
        var payloadBytes: Int
        /// Bytes the server sent (whole frames); `nil` when the server is not run by the tool.
        var wireBytes: Int?

        var megabytesPerSecond: Double { Double(self.payloadBytes) / 1e6 / self.throughput.seconds }
    }

    func run(client: DiscoClient, wire: WireCounter?, progress: ProgressMeter) async throws -> Figures {
        let sentBefore = wire?.sent
        let start = ContinuousClock.now
        var count = 0
        var payloadBytes = 0
        for try await event in client.events(after: self.after, types: self.types) {
            count += 1
            payloadBytes += event.payload.readableBytes
            if count % 10_000 == 0 { progress.add(10_000) }
        }
        let elapsed = ContinuousClock.now - start
        let wireBytes = sentBefore.flatMap { before in wire.map { Int($0.sent - before) } }
        return Figures(
            throughput: Throughput(events: count, seconds: elapsed.seconds),
            payloadBytes: payloadBytes,
            wireBytes: wireBytes
        )
    }
}
