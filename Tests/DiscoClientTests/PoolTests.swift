import DiscoClient
import DiscoServer
import DiscoTestSupport
import NIOCore
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Connection pool: pipelining, restarts, fail-over, unreachable servers", .timeLimit(.minutes(3)))
struct PoolTests {
    @Test func manyMoreCallersThanConnectionsArePipelined() async throws {
        try await ClientHarness.withServerAndClient(configure: { configuration in
            configuration.minimumConnections = 1
            configuration.maximumConnections = 2
            configuration.maximumInFlightPerConnection = 8
        }) { client, _ in
            let results = try await withThrowingTaskGroup(of: [EmittedEvent].self) { group in
                for caller in 0..<64 {
                    group.addTask {
                        var stored: [EmittedEvent] = []
                        for _ in 0..<5 {
                            stored += try await client.emit(TestEvents.make(2, aggregateID: "caller-\(caller)")).events
                            _ = try await client.consumerOffset("caller-\(caller)")
                        }
                        return stored
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(Set(results.map(\.offset)) == Set(1...640))
            #expect(try await client.events(after: 0).collect().count == 640)
        }
    }

    @Test func aServerRestartInTheMiddleOfTrafficLosesAndDuplicatesNothing() async throws {
        try await TestDatabase.withFreshDatabase { database in
            let first = try await RunningServer.start(database: database)
            let port = first.port
            let acknowledged = LockedBox<[UUID]>([])
            let failed = LockedBox<[DiscoClientError]>([])
            let second = try await ClientHarness.withClient(first.address, configure: { $0.maximumConnections = 3 }) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            for _ in 0..<40 {
                                let events = TestEvents.make(3)
                                do {
                                    try await client.emit(events)
                                    acknowledged.withLock { $0 += events.map(\.id) }
                                } catch let error as DiscoClientError {
                                    failed.withLock { $0.append(error) }
                                }
                            }
                        }
                    }
                    try await Task.sleep(for: .milliseconds(300))
                    try await first.stop()
                    let second = try await RunningServer.start(database: database, port: port)
                    try await group.waitForAll()
                    return second
                }
            }
            do {
                let failures = failed.withLock { $0 }
                #expect(failures.allSatisfy { $0.isRetriable })
                let ids = acknowledged.withLock { $0 }
                #expect(ids.count >= 8 * 40 * 3 / 2)
                let stored = try await ClientHarness.withClient(second.address) { client in
                    try await client.events(after: 0).collect()
                }
                let storedIDs = stored.map(\.id)
                #expect(Set(storedIDs).count == storedIDs.count, "no id is stored twice")
                #expect(Set(ids).isSubset(of: Set(storedIDs)), "every acknowledged emit is stored")
                try await second.stop()
            } catch {
                try? await second.stop()
                throw error
            }
        }
    }

    @Test func failsOverToTheNextServer() async throws {
        try await ServerHarness.withServer { server in
            var configuration = ClientHarness.configuration(port: server.address.port ?? 0)
            configuration.servers.insert(.init(host: "127.0.0.1", port: 1), at: 0)
            try await DiscoClient.withClient(configuration: configuration, logger: ServerHarness.logger) { client in
                try await client.ping()
            }
        }
    }

    @Test func noServerReachableIsAClearErrorWithinTheDeadline() async throws {
        var configuration = ClientHarness.configuration(port: 1)
        configuration.unreachableTimeout = .milliseconds(500)
        configuration.minimumConnections = 0
        let start = ContinuousClock.now
        try await DiscoClient.withClient(configuration: configuration, logger: ServerHarness.logger) { client in
            let error = try await #require(throws: DiscoClientError.self) { try await client.ping() }
            #expect(error.code == .noServerReachable && error.isRetriable)
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func aWrongTokenIsRefusedAtOnce() async throws {
        try await ServerHarness.withServer(configure: { $0.authTokens = ["right"] }) { server in
            try await ClientHarness.withClient(server.address, configure: { $0.authToken = "wrong"; $0.minimumConnections = 0 }) { client in
                let error = try await #require(throws: DiscoClientError.self) { try await client.ping() }
                #expect(error.code == .authenticationFailed && !error.isRetriable)
            }
        }
    }
}
