import Testing

@testable import DiscoClient

@Suite("Pool state, without connections")
struct PoolStateTests {
    final class FakeConnection {
        var load = 0
    }

    private func makeState(minimum: Int = 0, maximum: Int) -> PoolState<FakeConnection, String> {
        PoolState(minimum: minimum, maximum: maximum, load: { $0.load }, isActive: { _ in true })
    }

    @Test func growsUpToTheMaximumThenPipelinesOnTheLeastLoadedConnection() {
        var state = self.makeState(maximum: 2)
        guard case .wait(connect: true) = state.lease() else {
            Issue.record("the first request opens a connection")
            return
        }
        guard case .wait(connect: true) = state.lease() else {
            Issue.record("the second request opens the second connection")
            return
        }
        guard case .wait(connect: false) = state.lease() else {
            Issue.record("the third request waits: the pool is full")
            return
        }
        guard case .queued = state.wait("w") else {
            Issue.record("no connection yet: the request waits")
            return
        }
        let busy = FakeConnection()
        busy.load = 3
        #expect(state.connected(busy) == ["w"])
        let idle = FakeConnection()
        _ = state.connected(idle)
        guard case .use(let chosen) = state.lease() else {
            Issue.record("a connection is ready")
            return
        }
        #expect(chosen === idle)
    }

    @Test func failsWaitersOnlyWhenNoConnectionCanServeThem() {
        var state = self.makeState(maximum: 2)
        _ = state.lease()
        _ = state.lease()
        _ = state.wait("w")
        #expect(state.connectFailed() == [])
        #expect(state.connectFailed() == ["w"])
    }

    @Test func keepsTheMinimumOpen() {
        var state = self.makeState(minimum: 2, maximum: 4)
        #expect(state.connectionsToOpen() == 2)
        let connection = FakeConnection()
        _ = state.connected(connection)
        #expect(state.closed(connection) == 1)
        let (connections, waiters) = state.shutDown()
        #expect(connections.isEmpty && waiters.isEmpty)
        guard case .fail = state.lease() else {
            Issue.record("a shut-down pool fails requests")
            return
        }
    }
}
