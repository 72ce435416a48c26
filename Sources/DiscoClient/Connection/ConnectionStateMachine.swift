import DiscoProtocol
import NIOCore

/// The bookkeeping of one client connection, with no I/O: request ids, the requests and streams in flight
/// (at most the negotiated `max_in_flight`), the requests waiting for a slot, and what each server frame means.
///
/// Generic over `Waiter`, whatever the caller resumes when a request gets its frames; the channel handler runs
/// the actions this returns. A request id stays in use until its final frame arrives, even when the waiter gave
/// up (timed out, cancelled): the id is then *abandoned* and the late frames are dropped.
struct ConnectionStateMachine<Waiter> {
    /// What the handler does with a new request.
    enum StartAction {
        /// Write the request with this id.
        case send(requestID: UInt32, ClientMessage)
        /// The request waits for a slot; it was given this id.
        case wait(requestID: UInt32)
        /// Fail the waiter: the connection is closed.
        case fail(Waiter, DiscoClientError)
    }

    /// What the handler does with a frame from the server.
    enum ReceiveAction {
        /// A frame of an open stream: hand it to the waiter.
        case deliver(Waiter, ServerMessage)
        /// The request's final frame: hand it to the waiter (`nil` when abandoned), then write `next`, the
        /// waiting requests that now have a slot.
        case complete(Waiter?, ServerMessage, next: [(UInt32, ClientMessage)])
        /// A frame of an abandoned stream: drop it.
        case drop
        /// Close the connection and fail every waiter: the server sent a connection-level error or broke the
        /// protocol.
        case close(DiscoClientError)
    }

    private struct Request {
        enum Phase {
            case waiting(ClientMessage)
            case sent
        }

        var waiter: Waiter?
        var isStream: Bool
        var phase: Phase
    }

    private var requests: [UInt32: Request] = [:]
    private var waitingIDs = CircularBuffer<UInt32>()
    private var sentCount = 0
    private var lastID: UInt32 = 0
    private var closedError: DiscoClientError?
    /// The most requests plus streams sent at once.
    private(set) var maximumInFlight: Int

    /// Creates a state machine allowing `maximumInFlight` until the handshake says otherwise.
    init(maximumInFlight: Int) {
        self.maximumInFlight = max(1, maximumInFlight)
    }

    /// The requests and streams open or waiting.
    var load: Int {
        self.requests.count
    }

    /// Applies the server's `max_in_flight` from `HELLO_OK` (the lower of it and the client's own limit wins).
    mutating func negotiated(_ helloOK: ServerMessage.HelloOK) {
        self.maximumInFlight = max(1, min(self.maximumInFlight, Int(clamping: helloOK.maxInFlight)))
    }

    /// Starts a request: gives it an id and sends it, or keeps it waiting for a slot.
    mutating func start(_ message: ClientMessage, isStream: Bool, waiter: Waiter) -> StartAction {
        if let error = self.closedError {
            return .fail(waiter, error)
        }
        let requestID = self.nextRequestID()
        if self.sentCount < self.maximumInFlight {
            self.requests[requestID] = Request(waiter: waiter, isStream: isStream, phase: .sent)
            self.sentCount += 1
            return .send(requestID: requestID, message)
        }
        self.requests[requestID] = Request(waiter: waiter, isStream: isStream, phase: .waiting(message))
        self.waitingIDs.append(requestID)
        return .wait(requestID: requestID)
    }

    /// Handles a frame from the server.
    mutating func received(_ message: ServerMessage, requestID: UInt32) -> ReceiveAction {
        guard requestID != 0 else {
            guard case .error(let error) = message else {
                return .close(.protocolViolation("\(message.opcode) with request id 0"))
            }
            return .close(DiscoClientError(error))
        }
        guard var request = self.requests[requestID], case .sent = request.phase else {
            return .close(.protocolViolation("\(message.opcode) for request \(requestID), which is not in flight"))
        }
        let isFinal: Bool
        switch message {
        case .events, .caughtUp:
            guard request.isStream else {
                return .close(.protocolViolation("\(message.opcode) answering request \(requestID), not a stream"))
            }
            isFinal = false
        case .streamEnd:
            guard request.isStream else {
                return .close(.protocolViolation("STREAM_END answering request \(requestID), not a stream"))
            }
            isFinal = true
        case .helloOK, .pong, .emitted, .consumerOffset:
            guard !request.isStream else {
                return .close(.protocolViolation("\(message.opcode) on stream \(requestID)"))
            }
            isFinal = true
        case .error:
            isFinal = true
        }
        guard isFinal else {
            guard let waiter = request.waiter else { return .drop }
            return .deliver(waiter, message)
        }
        self.requests[requestID] = nil
        self.sentCount -= 1
        request.phase = .sent
        return .complete(request.waiter, message, next: self.sendWaiting())
    }

    /// The waiter of `requestID` gives up (a timeout, a cancelled stream). A request that was not sent yet is
    /// forgotten; a sent one keeps its id until its final frame. Returns the waiter to fail, if it still had one,
    /// and whether the request was sent (a sent stream should be cancelled).
    mutating func abandon(requestID: UInt32) -> (waiter: Waiter?, wasSent: Bool) {
        guard var request = self.requests[requestID] else { return (nil, false) }
        switch request.phase {
        case .waiting:
            self.requests[requestID] = nil
            self.waitingIDs.removeAll { $0 == requestID }
            return (request.waiter, false)
        case .sent:
            let waiter = request.waiter
            request.waiter = nil
            self.requests[requestID] = request
            return (waiter, true)
        }
    }

    /// Whether `requestID` is a sent stream whose waiter still listens (credit is worth sending).
    func isOpenStream(_ requestID: UInt32) -> Bool {
        guard let request = self.requests[requestID], request.isStream, request.waiter != nil,
            case .sent = request.phase
        else { return false }
        return true
    }

    /// The connection closed: returns every waiter, to fail with `error`; later requests fail at once.
    mutating func closed(_ error: DiscoClientError) -> [Waiter] {
        guard self.closedError == nil else { return [] }
        self.closedError = error
        let waiters = self.requests.values.compactMap(\.waiter)
        self.requests = [:]
        self.waitingIDs.removeAll()
        self.sentCount = 0
        return waiters
    }

    private mutating func sendWaiting() -> [(UInt32, ClientMessage)] {
        var next: [(UInt32, ClientMessage)] = []
        while self.sentCount < self.maximumInFlight, let requestID = self.waitingIDs.popFirst() {
            guard var request = self.requests[requestID], case .waiting(let message) = request.phase else { continue }
            request.phase = .sent
            self.requests[requestID] = request
            self.sentCount += 1
            next.append((requestID, message))
        }
        return next
    }

    /// The next id that is not 0 and not in use.
    private mutating func nextRequestID() -> UInt32 {
        repeat {
            self.lastID &+= 1
        } while self.lastID == 0 || self.requests[self.lastID] != nil
        return self.lastID
    }
}
