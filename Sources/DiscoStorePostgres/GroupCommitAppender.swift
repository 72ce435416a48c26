import DiscoStore
import Logging
import PostgresNIO
import Synchronization

import struct Foundation.Date
import struct Foundation.UUID

/// Gathers concurrent emits into group commits: one database commit for every emit queued while the
/// previous group was being sent.
///
/// A single writer loop (``run()``) takes, each time, every queued emit that fits the group limits in
/// arrival order, stopping early at an emit that depends on the group (see ``AppendGroup/canAdd(_:)``),
/// and commits them on one of two paths:
/// - the **locked path**, `disco_append` (``AppendFunction``): one round trip that takes the head lock,
///   decides each emit (replay, conflict, write) and inserts — for small groups, and whenever the numbering
///   cannot be predicted;
/// - the **staged path**, `disco_append_staged` (``StagedAppendFunction``): large groups numbered here from
///   the ``AggregateVersionCache``, several inserting at once on their own connections, each committing
///   right after the one before it; a group whose prediction fails is committed again on the locked path.
///
/// Each caller is answered once its group committed. An emit whose group failed gets the group's error:
/// ``EventStoreError/Code/storageUnavailable`` when the connection broke (the outcome is unknown; a retry
/// with the same ids is safe), never silence.
final class GroupCommitAppender: Sendable {
    private typealias Pending = WriteQueue<EmitRequest, EmitResult>.Pending

    private let queue = WriteQueue<EmitRequest, EmitResult>()
    private let versionCache = Mutex(AggregateVersionCache())
    private let writer = UUID()
    private let stagingPause = StagingPause()
    private let clock = AppendClock()
    /// Locked-path commits under way or about to start; no group takes the staged path meanwhile.
    private let lockedCommits = Atomic<Int>(0)
    /// The staged groups committing, by cache ticket (in sending order), each with a signal fired when done.
    private let stagedInFlight = Mutex<[Int: OneShotSignal]>([:])
    /// How many groups committed on the staged path, and how many of them were refused there and committed
    /// on the locked path instead.
    let stagedCommits = Atomic<Int>(0)
    let stagedRefusals = Atomic<Int>(0)
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
    /// A group whose numbering the version cache can predict takes the staged path
    /// (``StagedAppendFunction``): up to ``maximumGroupsInFlight`` of them are sent at once and insert in
    /// parallel, each committing right after the one before it. Any other group takes the locked path
    /// (`disco_append`, see ``AppendFunction``), and nothing more is sent until it committed — so its
    /// outcome is known to the cache when the next prediction is made.
    func run() async {
        await withTaskGroup(of: AppendPath.self) { commits in
            var inFlight: [AppendPath] = []
            /// Waits for commits to finish while `condition` holds for those in flight.
            func waitForCommits(while condition: ([AppendPath]) -> Bool) async {
                while condition(inFlight), let finished = await commits.next(),
                    let index = inFlight.firstIndex(of: finished)
                {
                    inFlight.remove(at: index)
                }
            }
            while true {
                await waitForCommits { $0.count >= Self.maximumGroupsInFlight || $0.contains(.locked) }
                var group = AppendGroup(writer: self.writer)
                guard let pending = await self.queue.next(accepting: { self.add($0, to: &group) }) else { break }
                let ticket = self.versionCache.withLock { cache in
                    let (prediction, ticket) = cache.prediction(for: group.aggregateIDs, effect: group.effect)
                    group.prediction = prediction
                    return ticket
                }
                let canStage =
                    group.eventCount >= Self.stagingThreshold && group.prediction?.canStage == true
                    && !self.stagingPause.isPaused && self.lockedCommits.load(ordering: .relaxed) == 0
                let path: AppendPath = canStage ? .staged : .locked
                if path == .staged {
                    group.emittedAt = self.clock.next()
                } else {
                    // A locked group goes alone: sent while staged groups commit, it could take the head before
                    // one of them (and its offsets), or queue for the appenders' lock between them.
                    await waitForCommits { !$0.isEmpty }
                }
                inFlight.append(path)
                let keyHeld = OneShotSignal()
                if path == .staged {
                    self.stagedInFlight.withLock { $0[ticket] = OneShotSignal() }
                }
                commits.addTask { [group] in
                    await self.commit(group, path: path, ticket: ticket, keyHeld: keyHeld, answering: pending)
                    return path
                }
                if path == .staged {
                    await keyHeld.wait()  // the next group may wait for this one only once its key is held
                }
            }
        }
    }

    /// The most staged groups committing at once.
    static let maximumGroupsInFlight = 3

    /// The size at which a group stops taking emits, so that a burst of large emits becomes several groups
    /// that insert in parallel on the staged path rather than one that inserts alone.
    static let stagedGroupEvents = 1_000

    /// The fewest events for which a group takes the staged path. Smaller groups take the locked path: one
    /// round trip instead of three, and the emits arriving while one commits join one fuller group.
    static let stagingThreshold = 256

    /// Waits until every staged group sent after the one holding `ticket` is done.
    private func waitForStagedGroups(after ticket: Int) async {
        let later = self.stagedInFlight.withLock { groups in groups.filter { $0.key > ticket }.map(\.value) }
        for done in later {
            await done.wait()
        }
    }

    /// Commits `group` through `disco_append_staged`, or tells why the function gave up (the group must take
    /// the locked path; nothing of it was written).
    ///
    /// `keyHeld` fires once the group's key is held (see ``StagedAppendFunction``) or the attempt failed.
    private func appendStaged(_ group: AppendGroup, keyHeld: OneShotSignal) async throws -> StagedAttempt {
        let query = group.stagedQuery
        let key = StagedAppendFunction.groupKey(firstOffset: group.stagedFirstOffset)
        let lockClass = StagedAppendFunction.lockClass
        let logger = self.logger
        let attempt = try await self.connections.withConnection { connection -> StagedAttempt in
            defer { keyHeld.fire() }
            // A key held elsewhere (another process's group numbered from the same head) means the
            // prediction cannot hold: take the locked path rather than wait.
            let locked = try await connection.rows(
                "SELECT pg_try_advisory_lock(\(lockClass), \(key))",
                logger: logger
            ) { try $0.decode(Bool.self) }
            guard locked.first == true else { return .refused(.predictionFailed) }
            keyHeld.fire()
            let attempt: StagedAttempt
            do {
                attempt = try await Self.callStaged(query, group: group, on: connection, logger: logger)
            } catch {
                try? await connection.execute("SELECT pg_advisory_unlock_all()", logger: logger)
                throw error
            }
            do {
                try await connection.execute("SELECT pg_advisory_unlock_all()", logger: logger)
            } catch {
                // The group's outcome stands; a successor waits at most StagedAppendFunction.predecessorWaitLimit.
                logger.info("releasing a staged group's key failed", metadata: ["disco_error": "\(error)"])
            }
            return attempt
        }
        switch attempt {
        case .committed:
            self.stagedCommits.add(1, ordering: .relaxed)
        case .refused(let refusal):
            self.stagedRefusals.add(1, ordering: .relaxed)
            if refusal == .otherWriter {
                self.stagingPause.pause(for: Self.stagingPauseAfterOtherWriter)
            }
        }
        return attempt
    }

    /// Commits `group` through `disco_append`: first without looking its ids up, then — if the insert found
    /// one of them stored — once more with the probe, on the same connection (see ``AppendFunction``'s
    /// idempotent retries).
    private func appendLocked(_ group: AppendGroup) async throws -> [AppendResultRow] {
        let logger = self.logger
        let query = group.query
        return try await self.connections.withConnection { connection in
            do {
                return try await connection.rows(query, logger: logger) { try AppendResultRow($0) }
            } catch let error as PSQLError where !group.probesStoredIDs && AppendFunction.foundStoredID(error) {
                var probing = group
                probing.probesStoredIDs = true
                return try await connection.rows(probing.query, logger: logger) { try AppendResultRow($0) }
            }
        }
    }

    /// Calls `disco_append_staged`, telling a refusal (the group must take the locked path) from a failure.
    private static func callStaged(
        _ query: PostgresQuery,
        group: AppendGroup,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> StagedAttempt {
        do {
            return .committed(try await connection.rows(query, logger: logger) { try group.summaryRow(fromStaged: $0) })
        } catch let error as PSQLError where error.code == .server {
            logger.debug(
                "staged group refused",
                metadata: [
                    "disco_sqlstate": "\(error.serverInfo?[.sqlState] ?? "")",
                    "disco_reason": "\(error.serverInfo?[.message] ?? "")",
                ]
            )
            if AppendFunction.foundStoredID(error) {
                return .refused(.storedID)
            }
            switch error.serverInfo?[.sqlState] {
            case StagedAppendFunction.otherWriterState?, "23505"?:  // another unique violation: most likely
                return .refused(.otherWriter)  // another writer's rows at the predicted offsets
            case StagedAppendFunction.needsLockedPathState?, StagedAppendFunction.headMovedState?,
                "40P01"?, "55P03"?:  // deadlock, lock timeout: a prediction gone wrong
                return .refused(.predictionFailed)
            default:
                throw error
            }
        }
    }

    /// How long the staged path rests after another writer was found at the head: while several store
    /// instances append to one database, most predictions would fail.
    static let stagingPauseAfterOtherWriter: Duration = .seconds(1)

    /// Stops taking emits: new and queued ones fail with ``EventStoreError/Code/shutDown``; the group being
    /// committed is still answered.
    func shutDown() {
        self.queue.shutDown()
    }

    /// Adds `request` to `group` if it fits the group limits and does not depend on the group (see
    /// ``AppendGroup/canAdd(_:)``); the first request of a group always fits.
    private func add(_ request: EmitRequest, to group: inout AppendGroup) -> Bool {
        if !group.requests.isEmpty {
            guard group.eventCount < Self.stagedGroupEvents else { return false }
            let events = group.eventCount + request.events.count
            let bytes = group.byteCount + AppendGroup.byteCount(of: request)
            guard events <= self.maximumEvents, bytes <= self.maximumBytes, group.canAdd(request) else {
                return false
            }
        }
        group.add(request)
        return true
    }

    private func commit(
        _ group: AppendGroup,
        path: AppendPath,
        ticket: Int,
        keyHeld: OneShotSignal,
        answering emits: [Pending]
    ) async {
        let logger = self.logger
        defer {
            keyHeld.fire()
            self.stagedInFlight.withLock { $0.removeValue(forKey: ticket) }?.fire()
        }
        do {
            var rows: [AppendResultRow]?
            var lockedGroup = group
            if path == .staged {
                switch try await self.appendStaged(group, keyHeld: keyHeld) {
                case .committed(let committed): rows = committed
                case .refused(let refusal): lockedGroup.probesStoredIDs = refusal == .storedID
                }
            }
            if rows == nil {
                self.lockedCommits.add(1, ordering: .relaxed)
                defer { self.lockedCommits.subtract(1, ordering: .relaxed) }
                if path == .staged {
                    lockedGroup.prediction = nil  // the prediction failed: look every version up
                    // The staged groups sent after this one hold the appenders' lock shared and will give up
                    // (they counted on this group); wait for them, or the locked path would wait for them
                    // while they wait for a group queued behind it.
                    await self.waitForStagedGroups(after: ticket)
                }
                rows = try await self.appendLocked(lockedGroup)
            }
            let (outcomes, groupOutcome) = try group.outcomes(from: rows ?? [])
            self.versionCache.withLock { $0.record(groupOutcome, of: ticket) }
            if let emittedAt = rows?.first(where: { $0.emit == 0 })?.emittedAt {
                self.clock.observe(emittedAt)
            }
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

/// How a group commit is written.
enum AppendPath: Sendable, Equatable {
    /// `disco_append_staged`: numbered by the appender, inserted before the head lock.
    case staged
    /// `disco_append`: numbered under the head lock, emit by emit.
    case locked
}

/// What became of a staged group.
private enum StagedAttempt: Sendable {
    case committed([AppendResultRow])
    case refused(StagedRefusal)
}

/// Why `disco_append_staged` gave up on a group.
private enum StagedRefusal: Sendable {
    /// Another writer appended: the staged path rests for a while.
    case otherWriter
    /// An id of the group is stored: the locked path looks the ids up.
    case storedID
    /// The head moved, an expectation failed, or the wait for the group before it ended badly.
    case predictionFailed
}

/// The appender's clock for staged groups: microseconds since 1970, strictly increasing, and never less than
/// an `emitted_at` the database gave a group.
private final class AppendClock: Sendable {
    private let last = Mutex<Int64>(0)

    /// The next group's `emitted_at`.
    func next() -> Int64 {
        let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        return self.last.withLock { last in
            last = max(now, last + 1)
            return last
        }
    }

    /// Takes note of a committed group's `emitted_at`.
    func observe(_ emittedAt: Int64) {
        self.last.withLock { $0 = max($0, emittedAt) }
    }
}

/// A time before which the appender does not take the staged path.
private final class StagingPause: Sendable {
    private let until = Mutex<ContinuousClock.Instant?>(nil)

    var isPaused: Bool {
        self.until.withLock { until in until.map { ContinuousClock.now < $0 } ?? false }
    }

    func pause(for duration: Duration) {
        self.until.withLock { $0 = ContinuousClock.now + duration }
    }
}
