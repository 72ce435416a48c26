import DiscoProtocol
import Testing

@testable import DiscoClient

@Suite("Connection state machine, without a channel")
struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine<String>

    private let ping = ClientMessage.ping(.init(nonce: 1))
    private let pong = ServerMessage.pong(.init(nonce: 1))

    @Test func givesEachRequestAFreshNonzeroIDAndMatchesAnswersOutOfOrder() throws {
        var machine = Machine(maximumInFlight: 8)
        let first = try #require(machine.start(self.ping, isStream: false, waiter: "a").sentID)
        let second = try #require(machine.start(self.ping, isStream: false, waiter: "b").sentID)
        #expect(first != 0 && second != 0 && first != second)
        #expect(machine.received(self.pong, requestID: second).completedWaiter == "b")
        #expect(machine.received(self.pong, requestID: first).completedWaiter == "a")
        #expect(machine.load == 0)
    }

    @Test func keepsRequestsBeyondTheNegotiatedLimitWaitingAndSendsThemAsSlotsFree() throws {
        var machine = Machine(maximumInFlight: 8)
        machine.negotiated(.init(version: .v1, serverName: "s", codec: .none, maxFrameSize: 1 << 20, maxInFlight: 2, maxBatchEvents: 10))
        #expect(machine.maximumInFlight == 2)
        let first = try #require(machine.start(self.ping, isStream: false, waiter: "a").sentID)
        _ = machine.start(self.ping, isStream: false, waiter: "b")
        guard case .wait(let third) = machine.start(self.ping, isStream: false, waiter: "c") else {
            Issue.record("the third request should wait")
            return
        }
        guard case .complete("a", _, let next) = machine.received(self.pong, requestID: first) else {
            Issue.record("expected the first request to complete")
            return
        }
        #expect(next.map(\.0) == [third])
    }

    @Test func streamsStayOpenUntilTheirFinalFrame() throws {
        var machine = Machine(maximumInFlight: 8)
        let id = try #require(machine.start(.subscribe(.init(afterOffset: 0, credit: 1)), isStream: true, waiter: "s").sentID)
        guard case .deliver("s", _) = machine.received(.caughtUp(.init(headOffset: 0)), requestID: id) else {
            Issue.record("CAUGHT_UP should be delivered")
            return
        }
        #expect(machine.isOpenStream(id))
        let end = ServerMessage.streamEnd(.init(reason: .cancelled, eventCount: 0, lastPosition: 0))
        #expect(machine.received(end, requestID: id).completedWaiter == "s")
        #expect(!machine.isOpenStream(id))
    }

    @Test func anAbandonedRequestKeepsItsIDUntilItsFinalFrame() throws {
        var machine = Machine(maximumInFlight: 8)
        let id = try #require(machine.start(.subscribe(.init(afterOffset: 0, credit: 1)), isStream: true, waiter: "s").sentID)
        let (waiter, wasSent) = machine.abandon(requestID: id)
        #expect(waiter == "s" && wasSent)
        guard case .drop = machine.received(.caughtUp(.init(headOffset: 0)), requestID: id) else {
            Issue.record("frames of an abandoned stream are dropped")
            return
        }
        let next = try #require(machine.start(self.ping, isStream: false, waiter: "p").sentID)
        #expect(next != id)
        let end = ServerMessage.streamEnd(.init(reason: .cancelled, eventCount: 0, lastPosition: 0))
        guard case .complete(nil, _, _) = machine.received(end, requestID: id) else {
            Issue.record("the final frame frees the id")
            return
        }
    }

    @Test func closingFailsEveryWaiterAndLaterRequests() {
        var machine = Machine(maximumInFlight: 1)
        _ = machine.start(self.ping, isStream: false, waiter: "a")
        _ = machine.start(self.ping, isStream: false, waiter: "b")
        #expect(Set(machine.closed(.connectionClosed())) == ["a", "b"])
        guard case .fail("c", let error) = machine.start(self.ping, isStream: false, waiter: "c") else {
            Issue.record("a closed connection fails new requests")
            return
        }
        #expect(error.code == .connectionClosed && error.isRetriable)
    }

    @Test func aConnectionLevelErrorOrAnUnknownIDClosesTheConnection() {
        var machine = Machine(maximumInFlight: 4)
        guard case .close(let error) = machine.received(.error(.init(code: .shuttingDown, message: "bye")), requestID: 0) else {
            Issue.record("request id 0 is connection-level")
            return
        }
        #expect(error.code == .shuttingDown && error.isRetriable)
        guard case .close(let violation) = machine.received(self.pong, requestID: 42) else {
            Issue.record("an answer to no request is a protocol violation")
            return
        }
        #expect(violation.code == .protocolViolation && !violation.isRetriable)
    }
}

extension ConnectionStateMachine.StartAction {
    var sentID: UInt32? {
        if case .send(let id, _) = self { return id }
        return nil
    }
}

extension ConnectionStateMachine.ReceiveAction {
    var completedWaiter: Waiter? {
        if case .complete(let waiter, _, _) = self { return waiter }
        return nil
    }
}
