import Synchronization

/// Knows the latest head offset a store has heard of, and wakes the callers waiting for it to pass their
/// offset: the shared implementation of ``EventStore/waitForEvents(after:)``.
///
/// Backends feed it with their own commits and whatever else they learn of (PostgreSQL notifications, say).
/// Waiting costs one continuation per waiter and nothing per notification: however many commits happen, a
/// waiter is woken once, with the head at that time.
package final class HeadWatcher: Sendable {
    private struct Waiter {
        var offset: Int64
        var continuation: CheckedContinuation<Int64, any Error>
    }

    private struct State {
        var head: Int64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiterID: UInt64 = 0
        var isShutDown = false
    }

    private let state = Mutex(State())

    /// Creates a watcher at head 0.
    package init() {}

    /// The latest head offset heard of.
    package var head: Int64 {
        self.state.withLock { $0.head }
    }

    /// Records that the head reached `head` (a lower value than known is ignored) and wakes every waiter
    /// now behind it.
    package func advance(to head: Int64) {
        let woken = self.state.withLock { state -> [CheckedContinuation<Int64, any Error>] in
            guard head > state.head else { return [] }
            state.head = head
            var woken: [CheckedContinuation<Int64, any Error>] = []
            for (id, waiter) in state.waiters where waiter.offset < head {
                woken.append(waiter.continuation)
                state.waiters.removeValue(forKey: id)
            }
            return woken
        }
        for continuation in woken {
            continuation.resume(returning: head)
        }
    }

    /// Returns the head as soon as it is greater than `offset`.
    package func wait(after offset: Int64) async throws -> Int64 {
        let id = self.state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate = self.state.withLock { state -> Result<Int64, any Error>? in
                    if state.head > offset { return .success(state.head) }
                    if state.isShutDown { return .failure(EventStoreError(.shutDown)) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = Waiter(offset: offset, continuation: continuation)
                    return nil
                }
                if let immediate {
                    continuation.resume(with: immediate)
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Fails every waiter, and every later wait, with ``EventStoreError/Code/shutDown``.
    package func shutDown() {
        let waiters = self.state.withLock { state in
            state.isShutDown = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: EventStoreError(.shutDown))
        }
    }
}
