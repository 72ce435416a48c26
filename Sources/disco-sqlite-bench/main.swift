import DiscoStore
import DiscoStoreSQLite
import Foundation
import Logging
import NIOCore

// Throughput of the SQLite store, on a fresh database file in a temporary folder (deleted afterwards):
// batched emits (4 callers × 1,000-event emits), single-event emits (64 concurrent callers), then reading
// everything after offset 0 in pages of 2,000. Run it in release mode: swift run -c release disco-sqlite-bench

let batchCallers = 4
let batchesPerCaller = 50
let batchSize = 1_000
let singleCallers = 64
let singlesPerCaller = 500
let payloadSize = 200
let readPageSize = 2_000

/// `count` new events of `payloadSize`-byte payloads, every tenth one of an aggregate of its own.
func newEvents(_ count: Int) -> [NewEvent] {
    (0..<count).map { index in
        NewEvent(
            type: "BenchEvent",
            aggregateID: index % 10 == 0 ? "bench-\(UUID())" : nil,
            payload: ByteBuffer(repeating: 0x61, count: payloadSize)
        )
    }
}

/// Runs `work` on `callers` concurrent tasks and returns the events per second over `events` events.
func measure(callers: Int, events: Int, _ work: @escaping @Sendable () async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<callers {
            group.addTask { try await work() }
        }
        try await group.waitForAll()
    }
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    return Double(events) / seconds
}

func report(_ name: String, _ eventsPerSecond: Double) {
    print(name.padding(toLength: 58, withPad: " ", startingAt: 0), String(format: "%8.0f events/s", eventsPerSecond))
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("disco-sqlite-bench-\(UUID())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let configuration = SQLiteEventStore.Configuration(path: folder.appendingPathComponent("disco.sqlite3").path)

try await SQLiteEventStore.withStore(configuration: configuration, logger: Logger(label: "disco-sqlite-bench")) { store in
    let batched = try await measure(callers: batchCallers, events: batchCallers * batchesPerCaller * batchSize) {
        for _ in 0..<batchesPerCaller {
            _ = try await store.emit(newEvents(batchSize))
        }
    }
    report("batched emits (\(batchCallers) callers x \(batchSize)-event emits)", batched)

    let single = try await measure(callers: singleCallers, events: singleCallers * singlesPerCaller) {
        for _ in 0..<singlesPerCaller {
            _ = try await store.emit(newEvents(1))
        }
    }
    report("single-event emits (\(singleCallers) concurrent callers)", single)

    let head = try await store.headOffset()
    let read = try await measure(callers: 1, events: Int(head)) {
        var after: Int64 = 0
        while after < head {
            let page = try await store.events(after: after, limit: readPageSize)
            after = page.last?.offset ?? head
        }
    }
    report("read all \(head) events after 0 (pages of \(readPageSize))", read)
}
