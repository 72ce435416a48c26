import DiscoStore
import Testing

/// Consumer offsets: get, update (with and without expectations), reset, and races.
@Suite(.timeLimit(.minutes(1)))
struct ConsumerOffsetContractTests {
    @Test(arguments: EventStoreBackend.all)
    func unknownConsumersStartAtZeroAndUpdatesAreStored(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            #expect(try await store.consumerOffset("projector") == ConsumerOffset(offset: 0, known: false))
            try await store.updateConsumerOffset("projector", to: 5)
            #expect(try await store.consumerOffset("projector") == ConsumerOffset(offset: 5, known: true))
            try await store.updateConsumerOffset("projector", to: 3)
            #expect(try await store.consumerOffset("projector") == ConsumerOffset(offset: 3, known: true))
            #expect(try await store.consumerOffset("other") == .unknown)
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func expectedOffsetsGuardUpdates(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            let unknown = await #expect(throws: EventStoreError.self) {
                try await store.updateConsumerOffset("c", to: 9, expected: 3)
            }
            #expect(unknown?.code == .consumerOffsetConflict)
            #expect(unknown?.actualConsumerOffset == .unknown)
            #expect(try await store.consumerOffset("c") == .unknown)

            try await store.updateConsumerOffset("c", to: 4, expected: 0)
            try await store.updateConsumerOffset("c", to: 7, expected: 4)
            let stale = await #expect(throws: EventStoreError.self) {
                try await store.updateConsumerOffset("c", to: 8, expected: 4)
            }
            #expect(stale?.code == .consumerOffsetConflict)
            #expect(stale?.consumerName == "c")
            #expect(stale?.actualConsumerOffset == ConsumerOffset(offset: 7, known: true))
            let notZero = await #expect(throws: EventStoreError.self) {
                try await store.updateConsumerOffset("c", to: 8, expected: 0)
            }
            #expect(notZero?.actualConsumerOffset == ConsumerOffset(offset: 7, known: true))
            #expect(try await store.consumerOffset("c") == ConsumerOffset(offset: 7, known: true))
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func resetSetsKnownConsumersToZeroAndRejectsUnknownOnes(backend: EventStoreBackend) async throws {
        try await backend.withFreshStore { store async throws in
            try await store.updateConsumerOffset("c", to: 12)
            try await store.resetConsumerOffset("c")
            #expect(try await store.consumerOffset("c") == ConsumerOffset(offset: 0, known: true))
            try await store.updateConsumerOffset("c", to: 1, expected: 0)
            let error = await #expect(throws: EventStoreError.self) {
                try await store.resetConsumerOffset("never-seen")
            }
            #expect(error?.code == .unknownConsumer)
            #expect(error?.consumerName == "never-seen")
        }
    }

    @Test(arguments: EventStoreBackend.all)
    func racingUpdatesWithTheSameExpectationHaveExactlyOneWinner(backend: EventStoreBackend) async throws {
        try await backend.withFreshStores(2) { stores async throws in
            var current: Int64 = 0
            for round in 1...15 {
                let expected = current
                let winners = try await withThrowingTaskGroup(of: Int64?.self) { group in
                    for contender in 0..<16 {
                        group.addTask {
                            let target = Int64(round * 100 + contender)
                            do {
                                try await stores[contender % 2].updateConsumerOffset("race", to: target, expected: expected)
                                return target
                            } catch let error as EventStoreError where error.code == .consumerOffsetConflict {
                                return nil
                            }
                        }
                    }
                    return try await group.reduce(into: [Int64]()) { if let won = $1 { $0.append(won) } }
                }
                #expect(winners.count == 1, "round \(round)")
                current = try #require(winners.first)
                #expect(try await stores[round % 2].consumerOffset("race") == ConsumerOffset(offset: current, known: true))
            }
        }
    }
}
