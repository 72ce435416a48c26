import DiscoClient
import NIOCore
import Testing

@Suite("Emit and read through DiscoClient", .timeLimit(.minutes(2)))
struct EmitAndReadTests {
    @Test func emitsOneEventAndABatchAndReadsThemBack() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            let single = NewEvent(type: "greeted", aggregateID: "person-1", payload: ByteBuffer(string: "hi"))
            let stored = try await client.emit(single)
            #expect(stored.offset == 1 && stored.aggregateVersion == 1 && stored.id == single.id)

            let batch = TestEvents.make(3, aggregateID: "person-1")
            let result = try await client.emit(batch)
            #expect(!result.replayed)
            #expect(result.events.map(\.offset) == [2, 3, 4])
            #expect(result.events.map(\.aggregateVersion) == [2, 3, 4])
            #expect(result.events.map(\.id) == batch.map(\.id))

            let read = try await client.events(after: 0).collect()
            #expect(read.map(\.id) == [single.id] + batch.map(\.id))
            #expect(read[0].payload == ByteBuffer(string: "hi") && read[0].type == "greeted")
            #expect(read[0].aggregateID == "person-1" && read[0].emittedAtMicroseconds == stored.emittedAtMicroseconds)
        }
    }

    @Test func aRepeatedEmitIsReplayedNotStoredTwice() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            let events = TestEvents.make(5)
            let first = try await client.emit(events)
            let again = try await client.emit(events)
            #expect(again.replayed && again.events == first.events)
            #expect(try await client.events(after: 0, limit: 100).count == 5)
        }
    }

    @Test func expectedVersionsGuardTheEmitAndAConflictCarriesTheActualVersion() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            let first = TestEvents.make(1, aggregateID: "order-7")[0]
            try await client.emit(first, expectedVersion: .noEvents)
            let next = TestEvents.make(2, aggregateID: "order-7")
            try await client.emit(next, expectedVersions: ["order-7": .exactly(1)])
            let error = try await #require(throws: DiscoClientError.self) {
                try await client.emit(TestEvents.make(1, aggregateID: "order-7"), expectedVersions: ["order-7": .exactly(1)])
            }
            #expect(error.code == .versionConflict && !error.isRetriable)
            #expect(error.details == .versionConflict(aggregateID: "order-7", expected: .exactly(1), actual: 3))
            #expect(!error.description.contains("order-7"))
        }
    }

    @Test func readsAnAggregateTypesAndOffsetsPageByPage() async throws {
        try await ClientHarness.withServerAndClient(configure: { configuration in
            configuration.readPageSize = 7
            configuration.streamBufferFrames = 1
        }) { client, _ in
            var all: [NewEvent] = []
            for round in 0..<10 {
                let batch = TestEvents.make(3, type: round.isMultiple(of: 2) ? "even" : "odd", aggregateID: "agg-\(round % 2)")
                try await client.emit(batch)
                all += batch
            }
            let everything = try await client.events(after: 0).collect()
            #expect(everything.map(\.id) == all.map(\.id))
            #expect(everything.map(\.offset) == Array(1...30))

            let afterTen = try await client.events(after: 10).collect()
            #expect(afterTen.map(\.offset) == Array(11...30))

            let odd = try await client.events(withTypes: ["odd"]).collect()
            #expect(odd.count == 15 && odd.allSatisfy { $0.type == "odd" })
            #expect(try await client.events(after: 0, types: ["odd"]).collect() == odd)

            let aggregate = try await client.events(forAggregate: "agg-0").collect()
            #expect(aggregate.map(\.aggregateVersion) == Array(1...15))
            let tail = try await client.events(forAggregate: "agg-0", fromVersion: 10).collect()
            #expect(tail.map(\.aggregateVersion) == Array(10...15))

            #expect(try await client.events(after: 0, limit: 12).map(\.offset) == Array(1...12))
            #expect(try await client.events(withTypes: ["even"], after: 3, limit: 4).count == 4)
            #expect(try await client.events(forAggregate: "agg-1", limit: 9).map(\.aggregateVersion) == Array(1...9))
        }
    }

    @Test func breakingOutOfAReadCancelsIt() async throws {
        try await ClientHarness.withServerAndClient(configure: { $0.streamBufferFrames = 1; $0.readPageSize = 5 }) { client, _ in
            try await client.emit(TestEvents.make(50))
            var seen = 0
            for try await _ in client.events(after: 0) {
                seen += 1
                if seen == 3 { break }
            }
            #expect(seen == 3)
            #expect(try await client.events(after: 0).collect().count == 50)
            try await client.ping()
        }
    }

    @Test func consumerOffsetsAreReadUpdatedGuardedAndReset() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            #expect(try await client.consumerOffset("projector") == ConsumerOffset(offset: 0, isKnown: false))
            #expect(try await client.updateConsumerOffset("projector", to: 5) == ConsumerOffset(offset: 5, isKnown: true))
            #expect(try await client.updateConsumerOffset("projector", to: 8, expected: 5).offset == 8)
            let error = try await #require(throws: DiscoClientError.self) {
                try await client.updateConsumerOffset("projector", to: 9, expected: 5)
            }
            #expect(error.code == .consumerOffsetConflict)
            #expect(error.details == .consumerOffsetConflict(actual: 8, known: true))
            #expect(try await client.resetConsumerOffset("projector").offset == 0)
            let unknown = try await #require(throws: DiscoClientError.self) {
                try await client.resetConsumerOffset("never-stored")
            }
            #expect(unknown.code == .unknownConsumer)
            #expect(try await client.ping() > .zero)
        }
    }

    @Test func invalidArgumentsFailWithoutRetrying() async throws {
        try await ClientHarness.withServerAndClient { client, _ in
            let error = try await #require(throws: DiscoClientError.self) {
                try await client.emit(NewEvent(type: "", payload: ByteBuffer()))
            }
            #expect(error.code == .invalidArgument && !error.isRetriable)
        }
    }
}
