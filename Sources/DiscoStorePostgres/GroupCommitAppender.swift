import DiscoStore
import struct Foundation.UUID
import Logging
import PostgresNIO
import Synchronization

/// Gathers concurrent emits into group commits: one call of `disco_append`, one round trip and one database
/// commit for every emit queued while the previous group was committing.
///
/// A single writer loop (``run()``) takes, each time, every queued emit that fits the group limits in
/// arrival order, stopping early at an emit that depends on the group (see ``AppendGroup/canAdd(_:)``),
/// commits them, and only then answers each caller. An emit whose group failed gets the group's error:
/// ``EventStoreError/Code/storageUnavailable`` when the connection broke (the outcome is unknown; a retry
/// with the same ids is safe), never silence.
final class GroupCommitAppender: Sendable {
    private typealias Pending = WriteQueue<EmitRequest, EmitResult>.Pending

    private let queue = WriteQueue<EmitRequest, EmitResult>()
    private let versionCache = Mutex(AggregateVersionCache())
    private let writer = UUID()
    private let connections: ConnectionSource
    private let headWatcher: HeadWatcher
    private let maximumEvents: Int
    private let maximumBytes: Int
    private let logger: Logger

    init(
        connections: ConnectionSource,
        headWatcher: HeadWatcher,
        maximumEvents: Int,
        maximumBytes: Int,
        logger: Logger
    ) {
        self.connections = connections
        self.headWatcher = headWatcher
        self.maximumEvents = maximumEvents
        self.maximumBytes = maximumBytes
        self.logger = logger
    }

    /// Queues a validated emit and returns once its group committed.
    func append(_ request: EmitRequest) async throws -> EmitResult {
        try await self.queue.submit(request)
    }

    /// The writer loop: commits groups until ``shutDown()``, then fails what is still queued.
    ///
    /// While a large group (``overlapThreshold`` events or more) commits, the next group is already sent: it
    /// waits for the head lock inside the database, but its parameters are sent and parsed — and its arrays
    /// built here — while the first one inserts, so the lock is held back to back. Behind a small group the
    /// writer waits instead: the emits arriving meanwhile join one fuller group, and a commit costs the same
    /// whether it carries one event or sixty-four.
    func run() async {
        await withTaskGroup(of: Bool.self) { commits in
            var inFlight: [Bool] = []  // whether each committing group is large
            while true {
                while inFlight.count >= 2 || inFlight.contains(false) {
                    guard let finished = await commits.next(), let index = inFlight.firstIndex(of: finished) else {
                        break
                    }
                    inFlight.remove(at: index)
                }
                var group = AppendGroup()
                guard let pending = await self.queue.next(accepting: { self.add($0, to: &group) }) else { break }
                group.writer = self.writer
                let ticket = self.versionCache.withLock { cache in
                    let (prediction, ticket) = cache.prediction(for: group.aggregateIDs, effect: group.effect)
                    group.prediction = prediction
                    return ticket
                }
                let isLarge = group.eventCount >= Self.overlapThreshold
                inFlight.append(isLarge)
                commits.addTask { [group] in
                    await self.commit(group, ticket: ticket, answering: pending)
                    return isLarge
                }
            }
        }
    }

    /// The size from which a committing group lets the next one be sent before it finished.
    static let overlapThreshold = 256

    /// Stops taking emits: new and queued ones fail with ``EventStoreError/Code/shutDown``; the group being
    /// committed is still answered.
    func shutDown() {
        self.queue.shutDown()
    }

    /// Adds `request` to `group` if it fits the group limits and does not depend on the group (see
    /// ``AppendGroup/canAdd(_:)``); the first request of a group always fits.
    private func add(_ request: EmitRequest, to group: inout AppendGroup) -> Bool {
        if !group.requests.isEmpty {
            let events = group.eventCount + request.events.count
            let bytes = group.byteCount + AppendGroup.byteCount(of: request)
            guard events <= self.maximumEvents, bytes <= self.maximumBytes, group.canAdd(request) else {
                return false
            }
        }
        group.add(request)
        return true
    }

    private func commit(_ group: AppendGroup, ticket: Int, answering emits: [Pending]) async {
        let query = group.query
        let logger = self.logger
        do {
            let rows = try await self.connections.withConnection { connection in
                try await connection.rows(query, logger: logger) { try AppendResultRow($0) }
            }
            let (outcomes, groupOutcome) = try group.outcomes(from: rows)
            self.versionCache.withLock { $0.record(groupOutcome, of: ticket) }
            var head: Int64 = 0
            for (outcome, emit) in zip(outcomes, emits) {
                if case .success(let result) = outcome, !result.replayed, let last = result.events.last {
                    head = max(head, last.offset)
                }
                emit.resume(with: outcome)
            }
            if head > 0 {
                self.headWatcher.advance(to: head)
            }
        } catch {
            self.versionCache.withLock { $0.forget(ticket) }
            let failure = EventStoreError(postgresError: error)
            logger.info(
                "group commit failed",
                metadata: ["disco_emits": "\(emits.count)", "disco_error": "\(failure.code)"]
            )
            for emit in emits {
                emit.resume(throwing: failure)
            }
        }
    }
}
