import DiscoStore
import DiscoTestSupport
import NIOCore
import PostgresNIO
import Testing

@testable import DiscoStorePostgres

/// The PostgreSQL store's range reads, which fetch several windows of offsets at once
/// (`Configuration.readAhead`): pages still come in order, and neither a small pool, a stop half-way nor
/// missing offsets breaks them.
@Suite(.timeLimit(.minutes(2)))
struct ReadAheadTests {
    private static func withStore(
        readAhead: Int,
        maximumConnections: Int = 20,
        _ body: @escaping @Sendable (PostgresEventStore, PostgresEventStore.Configuration) async throws -> Void
    ) async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            var configuration = configuration
            configuration.readAhead = readAhead
            configuration.maximumConnections = maximumConnections
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                try await body(store, configuration)
            }
        }
    }

    private static func pages(
        of store: PostgresEventStore,
        after offset: Int64 = 0,
        pageSize: Int
    ) async throws -> [[Int64]] {
        var pages: [[Int64]] = []
        try await store.readEvents(after: offset, through: nil, types: [], pageSize: pageSize) { page in
            pages.append(page.map(\.offset))
            return true
        }
        return pages
    }

    @Test func manyWindowsAtOnceOnAPoolSmallerThanThemComeInOrder() async throws {
        // Three connections: the listener holds one, the writer takes one per group; six windows at once
        // must wait for leases, not fail or reorder.
        try await Self.withStore(readAhead: 6, maximumConnections: 3) { store, _ in
            for _ in 0..<5 {
                _ = try await store.emit(EventFactory.events(41))
            }
            let pages = try await Self.pages(of: store, after: 3, pageSize: 7)
            #expect(pages.dropLast().allSatisfy { $0.count == 7 })
            #expect(pages.joined().map { $0 } == Array(4...205))
        }
    }

    @Test func stoppingEarlyLeavesNoConnectionBehind() async throws {
        try await Self.withStore(readAhead: 4, maximumConnections: 4) { store, _ in
            _ = try await store.emit(EventFactory.events(500))
            for _ in 0..<30 {
                var seen = 0
                try await store.readEvents(after: 0, through: nil, types: [], pageSize: 10) { _ in
                    seen += 1
                    return false
                }
                #expect(seen == 1)
            }
            // Every lease came back: a read needing all of them at once still completes, and so do emits.
            #expect(try await Self.pages(of: store, pageSize: 50).joined().count == 500)
            let result = try await store.emit(EventFactory.events(1))
            #expect(result.events.map(\.offset) == [501])
        }
    }

    @Test func missingOffsetsMakeShorterPagesNotGapsInTheRead() async throws {
        try await Self.withStore(readAhead: 3) { store, configuration in
            _ = try await store.emit(EventFactory.events(30))
            // No operation of the store removes events; rows deleted behind its back leave holes in windows.
            try await TestDatabase.withConnection(to: configuration) { connection in
                _ = try await connection.query(
                    #"DELETE FROM disco_events WHERE "offset" IN (5, 6, 7, 8, 9, 10, 17)"#,
                    logger: TestDatabase.logger
                )
            }
            let pages = try await Self.pages(of: store, pageSize: 5)
            #expect(
                pages == [
                    [1, 2, 3, 4], [11, 12, 13, 14, 15], [16, 18, 19, 20], [21, 22, 23, 24, 25], [26, 27, 28, 29, 30],
                ]
            )
        }
    }
}
