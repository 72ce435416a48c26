import DequeModule
import Synchronization

/// The queue in front of a backend's single writer: callers submit operations and wait; the writer takes
/// them in arrival order, a group at a time, and answers each caller once the group is committed.
///
/// This is the shared half of group commit — queueing, waking the writer, shutting down. What a group may
/// hold and how it is written is the backend's business (see ``next(accepting:)``).
///
/// Its methods are inlinable so that each backend's use is specialised for its operation and output types:
/// unspecialised, every call looked up generic metadata at run time (≈ 5% of the process in the
/// single-event store benchmark).
package final class WriteQueue<Operation: Sendable, Output: Sendable>: Sendable {
    /// A queued operation and the caller waiting for its outcome.
    package struct Pending: Sendable {
        /// What the caller asked for.
        package let operation: Operation
        @usableFromInline let continuation: CheckedContinuation<Output, any Error>

        @inlinable init(operation: Operation, continuation: CheckedContinuation<Output, any Error>) {
            self.operation = operation
            self.continuation = continuation
        }

        /// Answers the caller; call exactly once.
        @inlinable package func resume(with outcome: Result<Output, some Error>) {
            self.continuation.resume(with: outcome.mapError { $0 as any Error })
        }

        /// Fails the caller with `error`; call exactly once.
        @inlinable package func resume(throwing error: EventStoreError) {
            self.continuation.resume(throwing: error)
        }
    }

    @usableFromInline struct State {
        @usableFromInline var isShutDown = false
        @usableFromInline var queue: Deque<Pending> = []
        @usableFromInline var writer: CheckedContinuation<Void, Never>?

        @inlinable init() {}
    }

    @usableFromInline let state = Mutex(State())

    /// Creates an empty queue.
    @inlinable package init() {}

    /// Queues `operation` and returns its outcome once the writer answered it; fails with
    /// ``EventStoreError/Code/shutDown`` after ``shutDown()``.
    @inlinable package func submit(_ operation: Operation) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let pending = Pending(operation: operation, continuation: continuation)
            let (writer, accepted) = self.state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
                guard !state.isShutDown else { return (nil, false) }
                state.queue.append(pending)
                defer { state.writer = nil }
                return (state.writer, true)
            }
            if accepted {
                writer?.resume()
            } else {
                pending.resume(throwing: EventStoreError(.shutDown))
            }
        }
    }

    /// Waits for queued operations and takes the next group: the first queued operation, then each following
    /// one in arrival order for as long as `accept` returns `true` for it. Returns `nil` once shut down.
    ///
    /// `accept` runs under the queue's lock and sees every operation of the group, the first included.
    /// Cancelling the waiting writer shuts the queue down.
    @inlinable package func next(accepting accept: (Operation) -> Bool) async -> [Pending]? {
        while true {
            let taken: [Pending]?? = self.state.withLock { state in
                guard !state.isShutDown else { return .some(nil) }
                guard let first = state.queue.popFirst() else { return nil }
                _ = accept(first.operation)
                var group = [first]
                while let next = state.queue.first, accept(next.operation) {
                    group.append(next)
                    state.queue.removeFirst()
                }
                return .some(group)
            }
            if let taken {
                return taken
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let wakeNow = self.state.withLock { state in
                        guard !state.isShutDown, state.queue.isEmpty, !Task.isCancelled else { return true }
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

    /// Stops taking operations: new and queued ones fail with ``EventStoreError/Code/shutDown``; the group the
    /// writer holds is still its to answer.
    @inlinable package func shutDown() {
        let (writer, abandoned) = self.state.withLock { state in
            state.isShutDown = true
            defer {
                state.writer = nil
                state.queue.removeAll()
            }
            return (state.writer, Array(state.queue))
        }
        writer?.resume()
        for pending in abandoned {
            pending.resume(throwing: EventStoreError(.shutDown))
        }
    }
}
