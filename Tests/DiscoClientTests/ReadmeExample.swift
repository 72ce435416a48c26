// The example of README.md, "Using DiscoClient", compiled and run by `ReadmeExampleTests` so that it cannot rot.
// Keep the two in sync.
import DiscoClient
import Logging
import NIOCore
import ServiceLifecycle

/// An order service: emits order events and keeps a projection of them up to date.
struct OrderService {
    let client: DiscoClient

    func placeOrder(id: String, total: Int) async throws {
        let placed = NewEvent(
            type: "order-placed",
            aggregateID: "order-\(id)",
            payload: ByteBuffer(string: #"{"total": \#(total)}"#)
        )
        // Optimistic concurrency: the order must not exist yet. Retries after a lost connection are safe:
        // the event's id (a UUIDv7 generated above) makes the server store it only once.
        let stored = try await client.emit(placed, expectedVersion: .noEvents)
        print("order \(id) stored at offset \(stored.offset)")
    }

    func shipOrder(id: String) async throws {
        let history = try await client.events(forAggregate: "order-\(id)").collect()
        try await client.emit(
            [NewEvent(type: "order-shipped", aggregateID: "order-\(id)", payload: ByteBuffer(string: "{}"))],
            expectedVersions: ["order-\(id)": .exactly(UInt64(history.count))]
        )
    }

    /// Reads every order event so far, page by page.
    func report() async throws -> Int {
        var count = 0
        for try await _ in client.events(withTypes: ["order-placed", "order-shipped"]) {
            count += 1
        }
        return count
    }

    /// Follows the log live until cancelled.
    func tail() async throws {
        for try await element in client.subscribe(after: 0, types: ["order-placed"]) {
            switch element {
            case .event(let event):
                print("placed: \(event.aggregateID ?? "-") at \(event.offset)")
            case .caughtUp(let head):
                print("caught up at \(head); now live")
            }
        }
    }

    /// A projection that survives restarts: it resumes after the last offset it committed.
    func project(into totals: @escaping @Sendable (RecordedEvent) async throws -> Void) async throws {
        try await client.consume(name: "order-totals", types: ["order-placed"], commitPolicy: .every(100, orAfter: .seconds(1))) {
            event in
            try await totals(event)
        }
    }
}

/// Runs the service against a server, the way an application wires a client into a `ServiceGroup`.
func runOrderService(host: String, port: Int, logger: Logger) async throws {
    var configuration = DiscoClient.Configuration(host: host, port: port)
    configuration.clientName = "order-service"
    let client = DiscoClient(configuration: configuration, logger: logger)
    let services = ServiceGroup(services: [client], logger: logger)

    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }

        let orders = OrderService(client: client)
        try await orders.placeOrder(id: "42", total: 1_200)
        try await orders.shipOrder(id: "42")
        print("\(try await orders.report()) order events")

        // Consumer offsets, by hand.
        let offset = try await client.consumerOffset("mailer")
        try await client.updateConsumerOffset("mailer", to: offset.offset + 1, expected: offset.offset)

        await services.triggerGracefulShutdown()
        try await group.waitForAll()
    }
}
