import DiscoClient
import DiscoTestSupport
import NIOCore
import Testing

@Suite("The README example", .timeLimit(.minutes(2)))
struct ReadmeExampleTests {
    @Test func runsAgainstARealServer() async throws {
        try await ServerHarness.withServer { server in
            try await runOrderService(host: "127.0.0.1", port: server.address.port ?? 0, logger: ServerHarness.logger)
            try await ClientHarness.withClient(server.address) { client in
                #expect(try await client.events(forAggregate: "order-42").collect().map(\.type) == ["order-placed", "order-shipped"])
                #expect(try await client.consumerOffset("mailer").offset == 1)
                let orders = OrderService(client: client)
                let projected = try await runConsumer(until: 1) { handler in try await orders.project(into: handler) }
                #expect(projected == [1])
            }
        }
    }
}
