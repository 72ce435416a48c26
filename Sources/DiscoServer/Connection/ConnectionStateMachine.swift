import DiscoProtocol

/// The rules of one client connection, with no I/O: the handshake, which request ids are in flight,
/// the in-flight limit, idleness and shutdown.
///
/// The connection task feeds it what happened and runs the ``Action`` it returns.
package struct ConnectionStateMachine: Sendable {
    /// What the connection task does with a frame it received.
    package enum FrameAction: Equatable, Sendable {
        /// Run the handshake with this HELLO.
        case handshake
        /// Start serving the request: it is now in flight.
        case startRequest
        /// Grant credit to the stream with the frame's request id.
        case grantCredit
        /// Cancel the stream with the frame's request id.
        case cancelStream
        /// Nothing to do (credit or cancel for a stream that has ended).
        case ignore
        /// Answer with an ERROR frame for the frame's request id; close the connection when `close`.
        case reject(ErrorCode, String, close: Bool)
    }

    /// What the connection task does once a request has finished.
    package enum FinishAction: Equatable, Sendable {
        /// Carry on.
        case none
        /// The connection was draining for shutdown and nothing is in flight any more: close it.
        case close
    }

    private enum Phase: Equatable {
        case awaitingHandshake
        case ready
        case draining
    }

    private var phase = Phase.awaitingHandshake
    private var inFlight: Set<UInt32> = []
    private var streams: Set<UInt32> = []
    private let maxInFlight: Int

    /// Creates the state of a new connection that allows `maxInFlight` requests at once.
    package init(maxInFlight: Int) {
        self.maxInFlight = maxInFlight
    }

    /// Whether the handshake has completed.
    package var isReady: Bool { self.phase != .awaitingHandshake }

    /// Whether no request or stream is in flight.
    package var isIdle: Bool { self.inFlight.isEmpty }

    /// Decides what to do with a frame whose message decoded.
    package mutating func receivedFrame(opcode: Opcode, requestID: UInt32) -> FrameAction {
        switch self.phase {
        case .awaitingHandshake:
            guard opcode == .hello else {
                return .reject(.handshakeRequired, "the first frame must be HELLO", close: true)
            }
            return .handshake
        case .ready, .draining:
            break
        }
        switch opcode {
        case .hello where self.phase == .draining:
            // A connection accepted just before shutdown may see its HELLO only once draining began.
            return .reject(.shuttingDown, "the server is shutting down", close: true)
        case .hello:
            return .reject(.handshakeRequired, "HELLO was already accepted on this connection", close: false)
        case .credit:
            return self.streams.contains(requestID) ? .grantCredit : .ignore
        case .cancel:
            return self.streams.contains(requestID) ? .cancelStream : .ignore
        case .helloOK, .pong, .emitted, .events, .caughtUp, .streamEnd, .consumerOffset, .error:
            return .reject(.unknownOpcode, "\(opcode) is a server-to-client opcode", close: false)
        case .ping, .emit, .readAggregate, .readTypes, .readAfter, .subscribe, .consumerGet, .consumerUpdate,
            .consumerReset:
            break
        }
        if self.phase == .draining {
            return .reject(.shuttingDown, "the server is shutting down", close: false)
        }
        guard requestID != 0 else {
            return .reject(.invalidArgument, "request id 0 is reserved for connection-level frames", close: true)
        }
        guard !self.inFlight.contains(requestID) else {
            return .reject(.duplicateRequestID, "request id \(requestID) is already in flight", close: false)
        }
        guard self.inFlight.count < self.maxInFlight else {
            return .reject(.tooManyInFlight, "more than \(self.maxInFlight) requests in flight", close: false)
        }
        self.inFlight.insert(requestID)
        if opcode == .readAggregate || opcode == .readTypes || opcode == .readAfter || opcode == .subscribe {
            self.streams.insert(requestID)
        }
        return .startRequest
    }

    /// Records that the handshake succeeded.
    package mutating func handshakeSucceeded() {
        if self.phase == .awaitingHandshake {
            self.phase = .ready
        }
    }

    /// Records that a request (or stream) sent its final frame.
    package mutating func requestFinished(_ requestID: UInt32) -> FinishAction {
        self.inFlight.remove(requestID)
        self.streams.remove(requestID)
        return self.phase == .draining && self.inFlight.isEmpty ? .close : .none
    }

    /// Starts draining for shutdown: new requests are refused; returns `.close` when nothing is in flight.
    package mutating func beginDraining() -> FinishAction {
        self.phase = .draining
        return self.inFlight.isEmpty ? .close : .none
    }
}
