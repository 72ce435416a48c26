import DiscoProtocol
import DiscoStorePostgres
import DiscoTestSupport
import Foundation
import NIOCore
import Testing

@Suite("Emit and the read operations over the wire", .timeLimit(.minutes(2)))
struct EmitAndReadTests {
    @Test func emitThenReadAfterReturnsEveryEventInOrder() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            let first = try await connection.emitted(TestEvents.make(3, aggregateID: "order-1"), requestID: 2)
            #expect(first.replayed == false)
            #expect(first.events.map(\.offset) == [1, 2, 3])
            #expect(first.events.map(\.aggregateVersion) == [1, 2, 3])
            let second = try await connection.emitted(TestEvents.make(2, type: "other.thing"), requestID: 3)
            #expect(second.events.map(\.offset) == [4, 5])
            #expect(second.events.map(\.aggregateVersion) == [0, 0])

            let all = try await connection.collectStream(.readAfter(.init(afterOffset: 0, credit: 1)), requestID: 4)
            #expect(all.events.map(\.offset) == [1, 2, 3, 4, 5])
            #expect(all.end == .init(reason: .complete, eventCount: 5, lastPosition: 5))
            #expect(all.events[0].aggregateID == "order-1")
            #expect(all.events[3].aggregateID == nil)
            #expect(String(buffer: all.events[0].payload).hasPrefix("{\"n\":0"))
            #expect(String(buffer: all.events[0].meta) == "{\"source\":\"tests\"}")
            #expect(all.events[0].emittedAt == Int64(first.events[0].emittedAt))

            let typed = try await connection.collectStream(
                .readTypes(.init(afterOffset: 0, types: ["other.thing"], credit: 1)),
                requestID: 5
            )
            #expect(typed.events.map(\.offset) == [4, 5])

            let aggregate = try await connection.collectStream(
                .readAggregate(.init(aggregateID: "order-1", fromVersion: 2, credit: 1)),
                requestID: 6
            )
            #expect(aggregate.events.map(\.aggregateVersion) == [2, 3])
            #expect(aggregate.end == .init(reason: .complete, eventCount: 2, lastPosition: 3))
            await connection.close()
        }
    }

    @Test func limitsPageThroughTheLogWithoutGapsOrRepeats() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            _ = try await connection.emitted(TestEvents.make(25), requestID: 2)
            var position: UInt64 = 0
            var seen: [UInt64] = []
            var requestID: UInt32 = 10
            while true {
                requestID += 1
                let page = try await connection.collectStream(
                    .readAfter(.init(afterOffset: position, limit: 10, credit: 4)),
                    requestID: requestID
                )
                let end = try #require(page.end)
                seen += page.events.map(\.offset)
                position = end.lastPosition
                if end.reason == .complete { break }
                #expect(end.reason == .limitReached)
            }
            #expect(seen == Array(1...25))
            await connection.close()
        }
    }

    @Test func anExpectedVersionConflictNamesTheActualVersionAndStoresNothing() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            _ = try await connection.emitted(TestEvents.make(2, aggregateID: "cart-9"), requestID: 2)
            let answer = try await connection.emit(
                TestEvents.make(1, aggregateID: "cart-9"),
                expectations: [.init(aggregateID: "cart-9", expected: .exactly(1))],
                requestID: 3
            )
            guard case .error(let error) = answer else { Issue.record("expected ERROR, got \(answer)"); return }
            #expect(error.code == .versionConflict)
            #expect(error.details == .versionConflict(.init(aggregateID: "cart-9", expected: .exactly(1), actual: 2)))

            let fresh = try await connection.emit(
                TestEvents.make(1, aggregateID: "cart-9"),
                expectations: [.init(aggregateID: "cart-9", expected: .exactly(2))],
                requestID: 4
            )
            guard case .emitted(let emitted) = fresh else { Issue.record("expected EMITTED, got \(fresh)"); return }
            #expect(emitted.events.map(\.aggregateVersion) == [3])
            #expect(try await server.store.headOffset() == 3)
            await connection.close()
        }
    }

    @Test func retryingAnEmitReturnsTheStoredOffsetsAndWritesNothing() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address)
            let events = TestEvents.make(4)
            let first = try await connection.emitted(events, requestID: 2)
            let retry = try await connection.emitted(events, requestID: 3)
            #expect(retry.replayed)
            #expect(retry.events == first.events)
            #expect(try await server.store.headOffset() == 4)

            let partial = try await connection.emit(Array(events.prefix(2)) + TestEvents.make(1), requestID: 4)
            guard case .error(let error) = partial else { Issue.record("expected ERROR, got \(partial)"); return }
            #expect(error.code == .eventIDConflict)
            await connection.close()
        }
    }

    @Test func compressedAndUncompressedReadsDeliverIdenticalEvents() async throws {
        try await ServerHarness.withServer { server in
            let (writer, _) = try await WireConnection.open(to: server.address)
            for batch in 0..<5 {
                _ = try await writer.emitted(TestEvents.make(400, type: "batch.\(batch % 2)", payloadSize: 200), requestID: UInt32(10 + batch))
            }
            let (plain, plainOK) = try await WireConnection.open(to: server.address, codecs: [])
            let (zipped, zippedOK) = try await WireConnection.open(to: server.address, codecs: [.zlib])
            #expect(plainOK.codec == BatchCodec.none)
            #expect(zippedOK.codec == .zlib)
            let a = try await plain.collectStream(.readAfter(.init(afterOffset: 0, credit: 8)), requestID: 2)
            let b = try await zipped.collectStream(.readAfter(.init(afterOffset: 0, credit: 8)), requestID: 2)
            #expect(a.events.count == 2_000)
            #expect(a.events == b.events)
            for connection in [writer, plain, zipped] { await connection.close() }
        }
    }

    @Test func compressedEmitsAreAccepted() async throws {
        try await ServerHarness.withServer { server in
            let (connection, _) = try await WireConnection.open(to: server.address, codecs: [.zlib])
            let answer = try await connection.emit(TestEvents.make(100, payloadSize: 300), codec: .zlib, requestID: 2)
            guard case .emitted(let emitted) = answer else { Issue.record("expected EMITTED, got \(answer)"); return }
            #expect(emitted.events.count == 100)
            let read = try await connection.collectStream(.readAfter(.init(afterOffset: 0, credit: 2)), requestID: 3)
            #expect(read.events.count == 100)
            await connection.close()
        }
    }

    @Test func aCompressedEmitWithoutNegotiatedCompressionIsRefused() async throws {
        try await ServerHarness.withServer { server in
            let (connection, ok) = try await WireConnection.open(to: server.address, codecs: [])
            #expect(ok.codec == BatchCodec.none)
            let answer = try await connection.emit(TestEvents.make(100, payloadSize: 300), codec: .zlib, requestID: 2)
            guard case .error(let error) = answer else { Issue.record("expected ERROR, got \(answer)"); return }
            #expect(error.code == .unsupportedCodec)
            #expect(error.details == .unsupportedCodec(BatchCodec.zlib.rawValue))
            #expect(try await server.store.headOffset() == 0)
            await connection.close()
        }
    }
}
