import Synchronization

/// The credit a client has granted one stream: how many more EVENTS frames the server may send on it,
/// and whether the client cancelled the stream.
///
/// One task (the stream's) takes credit; the connection's inbound loop grants credit and cancels.
/// A stream with no credit suspends in ``take()`` — and so stops reading from the store — until the
/// client grants more, which is what bounds the memory a slow reader can cost the server.
package final class StreamCredit: Sendable {
    /// Why a stream was cancelled.
    package enum Cancellation: Sendable, Equatable {
        /// The client sent CANCEL: the stream ends with STREAM_END reason `cancelled`.
        case byClient
        /// The server is shutting down: the stream ends with ERROR `SHUTTING_DOWN`.
        case byShutdown
        /// The client sent a CREDIT of 0: the stream ends with ERROR `INVALID_ARGUMENT`.
        case byInvalidCredit
    }

    private struct State {
        var available: UInt64
        var cancellation: Cancellation?
        var isCancelled: Bool { self.cancellation != nil }
        var creditWaiter: CheckedContinuation<Bool, Never>?
        var cancellationWaiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    /// Creates the credit of a stream that starts with `initial` frames granted.
    package init(initial: UInt32) {
        self.state = Mutex(State(available: UInt64(initial)))
    }

    /// Adds `frames` to the stream's credit and wakes the stream if it was waiting for some.
    package func grant(_ frames: UInt32) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.isCancelled else { return nil }
            state.available += UInt64(frames)
            guard let waiter = state.creditWaiter, state.available > 0 else { return nil }
            state.creditWaiter = nil
            state.available -= 1
            return waiter
        }
        waiter?.resume(returning: true)
    }

    /// Returns one frame of credit taken by ``take()`` that was not used (nothing was sent).
    package func giveBack() {
        self.grant(1)
    }

    /// Marks the stream cancelled; a pending ``take()`` returns `false`. The first cancellation wins.
    package func cancel(_ cancellation: Cancellation) {
        let (creditWaiter, cancellationWaiter) = self.state.withLock { state in
            if state.cancellation == nil { state.cancellation = cancellation }
            defer {
                state.creditWaiter = nil
                state.cancellationWaiter = nil
            }
            return (state.creditWaiter, state.cancellationWaiter)
        }
        creditWaiter?.resume(returning: false)
        cancellationWaiter?.resume()
    }

    /// Why the stream was cancelled, or `nil` while it was not.
    package var cancellation: Cancellation? {
        self.state.withLock { $0.cancellation }
    }

    /// Runs `operation` (a wait that may take long, such as waiting for new events) until it returns or
    /// the stream is cancelled.
    ///
    /// - Returns: The operation's result, or `nil` when the stream was cancelled first.
    package func unlessCancelled<Result: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result? {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                await self.waitUntilCancelled()
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// Takes one frame of credit, waiting until the client grants some.
    ///
    /// - Returns: `false` when the stream was cancelled (by the client or by task cancellation) instead.
    package func take() async -> Bool {
        if let immediate = self.takeWithoutWaiting() { return immediate }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = self.state.withLock { state -> Bool? in
                    if state.isCancelled || Task.isCancelled { return false }
                    if state.available > 0 {
                        state.available -= 1
                        return true
                    }
                    state.creditWaiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = self.state.withLock { state in
                defer { state.creditWaiter = nil }
                return state.creditWaiter
            }
            waiter?.resume(returning: false)
        }
    }

    /// Suspends until the client cancels the stream, or the calling task is cancelled.
    package func waitUntilCancelled() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let alreadyDone = self.state.withLock { state -> Bool in
                    if state.isCancelled || Task.isCancelled { return true }
                    state.cancellationWaiter = continuation
                    return false
                }
                if alreadyDone { continuation.resume() }
            }
        } onCancel: {
            let waiter = self.state.withLock { state in
                defer { state.cancellationWaiter = nil }
                return state.cancellationWaiter
            }
            waiter?.resume()
        }
    }

    private func takeWithoutWaiting() -> Bool? {
        self.state.withLock { state in
            if state.isCancelled { return false }
            guard state.available > 0 else { return nil }
            state.available -= 1
            return true
        }
    }
}
