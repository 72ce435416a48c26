import DiscoClient
import DiscoTestSupport
import Testing

@Suite("Compressed batch reads", .timeLimit(.minutes(2)))
struct CompressionTests {
    @Test func compressedAndUncompressedReadsGiveIdenticalEvents() async throws {
        try await ServerHarness.withServer { server in
            let written = try await ClientHarness.withClient(server.address) { client in
                try await client.emit(TestEvents.make(500, payloadSize: 300))
                return try await client.events(after: 0).collect()
            }
            let plain = try await ClientHarness.withClient(server.address, configure: { $0.compression = false }) { client in
                try await client.events(after: 0).collect()
            }
            #expect(written.count == 500)
            #expect(written == plain)
        }
    }
}
