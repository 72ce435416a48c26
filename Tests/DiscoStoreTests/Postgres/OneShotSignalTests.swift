import Testing

@testable import DiscoStorePostgres

@Suite(.timeLimit(.minutes(1)))
struct OneShotSignalTests {
    @Test func waitersWaitForTheSignalAndLaterOnesReturnAtOnce() async {
        let signal = OneShotSignal()
        async let first: Void = signal.wait()
        async let second: Void = signal.wait()
        try? await Task.sleep(for: .milliseconds(20))
        signal.fire()
        _ = await (first, second)
        await signal.wait()
        signal.fire()  // a second fire does nothing
    }

    @Test func aCancelledWaiterReturnsWithoutTheSignal() async {
        let signal = OneShotSignal()
        let waiter = Task {
            await signal.wait()
            return Task.isCancelled
        }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value)
        let cancelledBeforeWaiting = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await signal.wait()
            return Task.isCancelled
        }
        #expect(await cancelledBeforeWaiting.value)
    }
}
