import DequeModule
import DiscoStore
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
    private struct PendingEmit {
        var request: EmitRequest
        var continuation: CheckedContinuation<EmitResult, any Error>
    }

    private enum Phase {
        case running
        case shutDown
    }

    private struct State {
        var phase = Phase.running
        var queue: Deque<PendingEmit> = []
        var writer: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
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
        try await withCheckedThrowingContinuation { continuation in
            let (writer, accepted) = self.state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
                guard state.phase == .running else { return (nil, false) }
                state.queue.append(PendingEmit(request: request, continuation: continuation))
                defer { state.writer = nil }
                return (state.writer, true)
            }
            if accepted {
                writer?.resume()
            } else {
                continuation.resume(throwing: EventStoreError(.shutDown))
            }
        }
    }

    /// The writer loop: commits groups until ``shutDown()``, then fails what is still queued.
    func run() async {
        while let group = await self.nextGroup() {
            await self.commit(group)
        }
    }

    /// Stops taking emits: new and queued ones fail with ``EventStoreError/Code/shutDown``; the group being
    /// committed is still answered.
    func shutDown() {
        let (writer, abandoned) = self.state.withLock { state in
            state.phase = .shutDown
            defer {
                state.writer = nil
                state.queue.removeAll()
            }
            return (state.writer, Array(state.queue))
        }
        writer?.resume()
        for emit in abandoned {
            emit.continuation.resume(throwing: EventStoreError(.shutDown))
        }
    }

    private func nextGroup() async -> (AppendGroup, [CheckedContinuation<EmitResult, any Error>])? {
        while true {
            let taken: (AppendGroup, [CheckedContinuation<EmitResult, any Error>])?? = self.state.withLock { state in
                guard state.phase == .running else { return .some(nil) }
                guard !state.queue.isEmpty else { return nil }
                return .some(self.takeGroup(from: &state.queue))
            }
            if let taken {
                return taken
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let wakeNow = self.state.withLock { state in
                        guard state.phase == .running, state.queue.isEmpty, !Task.isCancelled else { return true }
                        state.writer = continuation
                        return false
                    }
                    if wakeNow { continuation.resume() }
                }
            } onCancel: {
                self.shutDown()
            }
        }
    }

    private func takeGroup(
        from queue: inout Deque<PendingEmit>
    ) -> (AppendGroup, [CheckedContinuation<EmitResult, any Error>]) {
        var group = AppendGroup()
        var continuations: [CheckedContinuation<EmitResult, any Error>] = []
        while let next = queue.first {
            if !group.requests.isEmpty {
                let events = group.eventCount + next.request.events.count
                let bytes = group.byteCount + AppendGroup.byteCount(of: next.request)
                guard events <= self.maximumEvents, bytes <= self.maximumBytes, group.canAdd(next.request) else {
                    break
                }
            }
            queue.removeFirst()
            group.add(next.request)
            continuations.append(next.continuation)
        }
        return (group, continuations)
    }

    private func commit(_ taken: (AppendGroup, [CheckedContinuation<EmitResult, any Error>])) async {
        let (group, continuations) = taken
        let query = group.query
        let logger = self.logger
        do {
            let rows = try await self.connections.withConnection { connection in
                try await connection.rows(query, logger: logger) { try AppendResultRow($0) }
            }
            let outcomes = try group.outcomes(from: rows)
            var head: Int64 = 0
            for (outcome, continuation) in zip(outcomes, continuations) {
                if case .success(let result) = outcome, !result.replayed, let last = result.events.last {
                    head = max(head, last.offset)
                }
                continuation.resume(with: outcome)
            }
            if head > 0 {
                self.headWatcher.advance(to: head)
            }
        } catch {
            let failure = EventStoreError(postgresError: error)
            logger.info(
                "group commit failed",
                metadata: ["disco_emits": "\(continuations.count)", "disco_error": "\(failure.code)"]
            )
            for continuation in continuations {
                continuation.resume(throwing: failure)
            }
        }
    }
}
