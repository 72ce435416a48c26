import DiscoStore
import DiscoTestSupport
import NIOCore
import PostgresNIO
import Testing

import struct Foundation.UUID

@testable import DiscoStorePostgres

/// The head's `max_id`, which lets an append skip the idempotency probe when every id of its group is above
/// it: it must never be below a stored id, whatever order ids come in and whichever path wrote them.
@Suite(.timeLimit(.minutes(2)))
struct HeadMaxIDTests {
    private static func event(_ id: UUID, aggregate: String? = nil) -> NewEvent {
        NewEvent(id: id, type: "TestEvent", aggregateID: aggregate, payload: ByteBuffer(string: "p"))
    }

    /// An id whose first byte is `first` (so that ids compare in the order of `first`), the rest random.
    private static func id(first: UInt8) -> UUID {
        var bytes = UUID().uuid
        bytes.0 = first
        return UUID(uuid: bytes)
    }

    private static func maxID(_ configuration: PostgresEventStore.Configuration) async throws -> UUID? {
        try await TestDatabase.withConnection(to: configuration) { connection in
            var ids: [UUID?] = []
            for try await id in try await connection.query("SELECT max_id FROM disco_head", logger: TestDatabase.logger)
                .decode(UUID?.self)
            {
                ids.append(id)
            }
            return ids.first ?? nil
        }
    }

    @Test func theLargestIdOfAnEmitIsRecordedWhateverItsPositionAndReplaysAreFound() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                let large = Self.id(first: 0xF0)
                let small = Self.id(first: 0x10)
                let first = try await store.emit([Self.event(large), Self.event(small)])
                #expect(try await Self.maxID(configuration) == large)
                // Every id of this emit is below the largest stored one, the replayed one included.
                let replayed = try await store.emit([Self.event(large)])
                #expect(replayed.replayed)
                #expect(replayed.events == [first.events[0]])
                let other = try await store.emit([Self.event(Self.id(first: 0x20))])
                #expect(!other.replayed)
                #expect(try await Self.maxID(configuration) == large)
            }
        }
    }

    @Test func largeEmitsOnTheStagedPathRecordTheirLargestId() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                var largest = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                var emits: [[NewEvent]] = []
                for round in 0..<4 {
                    // Ids descending within each emit: the largest is the first one.
                    let ids = (0..<300).map { index in Self.id(first: UInt8(0x80 + round * 16 - index % 16)) }
                        .sorted { $1.isOrdered(before: $0) }
                    let events = ids.enumerated().map { Self.event($1, aggregate: "agg-\($0 % 10)") }
                    _ = try await store.emit(events)
                    emits.append(events)
                    if largest.isOrdered(before: ids[0]) { largest = ids[0] }
                }
                #expect(store.stagedAppends.committed >= 2)
                #expect(try await Self.maxID(configuration) == largest)
                let retried = try await store.emit(emits[2])
                #expect(retried.replayed)
            }
        }
    }

    @Test func aHeadWithoutMaxIdLooksItUpAndRecordsIt() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await PostgresEventStore.withStore(configuration: configuration, logger: TestDatabase.logger) { store in
                let stored = Self.id(first: 0xE0)
                let first = try await store.emit([Self.event(stored)])
                // What a tool that loads rows directly leaves: the head without a recorded largest id.
                try await TestDatabase.withConnection(to: configuration) { connection in
                    try await connection.query("UPDATE disco_head SET max_id = NULL", logger: TestDatabase.logger)
                }
                let below = try await store.emit([Self.event(Self.id(first: 0x01))])
                #expect(!below.replayed)
                #expect(try await Self.maxID(configuration) == stored)
                let again = try await store.emit([Self.event(stored)])
                #expect(again.replayed)
                #expect(again.events == first.events)
            }
        }
    }
}
