import CoreMetrics
import DiscoProtocol
import DiscoStore
import Logging
import NIOCore
import Synchronization

/// One client connection: reads its frames, runs the handshake, serves its requests concurrently
/// (pipelined, answered by request id in whatever order they finish), and drains cleanly when the server
/// shuts down.
///
/// The rules live in ``ConnectionStateMachine``; this type only runs what it decides.
package final class ServerConnection: Sendable {
    private struct Negotiated: Sendable {
        var codec: BatchCodec
        var clientMaxFrameSize: Int
    }

    private struct State: Sendable {
        var machine: ConnectionStateMachine
        var credits: [UInt32: StreamCredit] = [:]
        var negotiated = Negotiated(codec: .none, clientMaxFrameSize: Int(ProtocolLimits.minimumMaxFrameSize))
        var lastActivity = ContinuousClock.now
    }

    private let state: Mutex<State>
    private let channel: any Channel
    private let writer: FrameWriter
    private let store: any EventStore
    private let configuration: DiscoServer.Configuration
    private let authenticator: TokenAuthenticator
    private let metrics: ServerMetrics
    private let logger: Logger

    package init(
        channel: any Channel,
        writer: FrameWriter,
        store: any EventStore,
        configuration: DiscoServer.Configuration,
        authenticator: TokenAuthenticator,
        metrics: ServerMetrics,
        logger: Logger
    ) {
        self.state = Mutex(State(machine: ConnectionStateMachine(maxInFlight: configuration.maxInFlightPerConnection)))
        self.channel = channel
        self.writer = writer
        self.store = store
        self.configuration = configuration
        self.authenticator = authenticator
        self.metrics = metrics
        self.logger = logger
    }

    /// Serves the connection until the client closes it, the framing is lost, or shutdown drained it.
    package func run(inbound: NIOAsyncChannelInboundStream<Frame>) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.closeWhenIdle() }
            do {
                for try await frame in inbound {
                    self.metrics.bytesIn.increment(by: FrameHeader.size + frame.body.readableBytes)
                    guard await self.handle(frame, group: &group) else { break }
                }
            } catch let error as ProtocolError {
                self.logger.debug("closing connection: \(error)", metadata: ["disco_error_code": "\(error.code)"])
                try? await self.writer.sendError(error.errorMessage, requestID: error.requestID)
            } catch {
                self.logger.debug("connection failed", metadata: ["disco_error": "\(error)"])
            }
            self.channel.close(promise: nil)
            group.cancelAll()
        }
    }

    /// Starts a graceful shutdown: refuses new requests, ends streams with `SHUTTING_DOWN`, lets in-flight
    /// requests (emits above all) finish and answer, then closes the connection.
    package func beginShutdown() {
        let (closeNow, credits) = self.state.withLock { state in
            (state.machine.beginDraining() == .close, Array(state.credits.values))
        }
        for credit in credits {
            credit.cancel(.byShutdown)
        }
        if closeNow {
            self.closeForShutdown()
        }
    }

    // MARK: - Frames

    /// Handles one frame; returns `false` when the connection must close.
    private func handle(_ frame: Frame, group: inout DiscardingTaskGroup) async -> Bool {
        let message: ClientMessage
        do {
            message = try ClientMessage(frame: frame, maxRecordsSize: self.configuration.maxFrameSize)
        } catch {
            let ready = self.state.withLock { $0.machine.isReady }
            try? await self.writer.sendError(error.errorMessage, requestID: frame.requestID)
            return ready && !error.closesConnection
        }
        let requestID = frame.requestID
        let (action, credit) = self.state.withLock { state -> (ConnectionStateMachine.FrameAction, StreamCredit?) in
            state.lastActivity = .now
            let action = state.machine.receivedFrame(opcode: message.opcode, requestID: requestID)
            switch action {
            case .startRequest:
                guard let initial = message.initialCredit else { return (action, nil) }
                let credit = StreamCredit(initial: initial)
                state.credits[requestID] = credit
                return (action, credit)
            case .grantCredit, .cancelStream:
                return (action, state.credits[requestID])
            case .handshake, .ignore, .reject:
                return (action, nil)
            }
        }
        switch action {
        case .handshake:
            guard case .hello(let hello) = message else { return false }
            return await self.handshake(hello, requestID: requestID)
        case .grantCredit:
            guard case .credit(let grant) = message else { return true }
            if grant.additional == 0 {
                credit?.cancel(.byInvalidCredit)
            } else {
                credit?.grant(grant.additional)
            }
        case .cancelStream:
            credit?.cancel(.byClient)
        case .ignore:
            break
        case .reject(let code, let text, let close):
            try? await self.writer.sendError(.init(code: code, message: text, details: self.details(for: code)), requestID: requestID)
            return !close
        case .startRequest:
            group.addTask {
                let final = await self.serve(message, requestID: requestID, credit: credit)
                let close = self.state.withLock { state in
                    state.credits[requestID] = nil
                    state.lastActivity = .now
                    return state.machine.requestFinished(requestID) == .close
                }
                if let final {
                    try? await self.writer.send(final, requestID: requestID, sizeHint: final.sizeHint)
                }
                if close {
                    self.closeForShutdown()
                }
            }
        }
        return true
    }

    private func details(for code: ErrorCode) -> ErrorDetails {
        code == .tooManyInFlight ? .tooManyInFlight(max: UInt32(clamping: self.configuration.maxInFlightPerConnection)) : .none
    }

    // MARK: - Handshake

    private func handshake(_ hello: ClientMessage.Hello, requestID: UInt32) async -> Bool {
        do {
            try ClientMessage.hello(hello).validate()
        } catch {
            try? await self.writer.sendError(error.errorMessage, requestID: requestID)
            return false
        }
        let lowest = max(hello.minVersion, ProtocolVersion.minimumSupported)
        let highest = min(hello.maxVersion, ProtocolVersion.maximumSupported)
        guard lowest <= highest else {
            let supported = "\(ProtocolVersion.minimumSupported.rawValue)...\(ProtocolVersion.maximumSupported.rawValue)"
            let error = ServerMessage.ErrorMessage(
                code: .unsupportedVersion,
                message: "no common protocol version: the client speaks \(hello.minVersion.rawValue)...\(hello.maxVersion.rawValue), the server \(supported)",
                details: .unsupportedVersion(
                    min: ProtocolVersion.minimumSupported.rawValue,
                    max: ProtocolVersion.maximumSupported.rawValue
                )
            )
            try? await self.writer.sendError(error, requestID: requestID)
            return false
        }
        guard self.authenticator.accepts(hello.authToken) else {
            self.logger.info("handshake refused: bad authentication token", metadata: ["disco_client": "\(hello.clientName)"])
            let message = hello.authToken.isEmpty ? "this server requires an authentication token" : "the authentication token is not valid"
            try? await self.writer.sendError(.init(code: .authenticationFailed, message: message), requestID: requestID)
            return false
        }
        let codec = hello.knownCodecs.first ?? .none
        self.state.withLock { state in
            state.negotiated = Negotiated(codec: codec, clientMaxFrameSize: Int(hello.maxFrameSize))
            state.machine.handshakeSucceeded()
        }
        self.logger.debug(
            "handshake accepted",
            metadata: ["disco_client": "\(hello.clientName)", "disco_codec": "\(codec)", "disco_version": "\(highest.rawValue)"]
        )
        let answer = ServerMessage.HelloOK(
            version: highest,
            serverName: self.configuration.serverName,
            codec: codec,
            maxFrameSize: UInt32(clamping: self.configuration.maxFrameSize),
            maxInFlight: UInt32(clamping: self.configuration.maxInFlightPerConnection),
            maxBatchEvents: UInt32(clamping: self.configuration.maxBatchEvents)
        )
        do {
            try await self.writer.send(.helloOK(answer), requestID: requestID)
            return true
        } catch {
            return false
        }
    }

    // MARK: - Requests

    /// Serves one request; returns its final frame (`nil` when the connection is going away).
    private func serve(_ message: ClientMessage, requestID: UInt32, credit: StreamCredit?) async -> ServerMessage? {
        let started = ContinuousClock.now
        defer {
            self.metrics.requestLatency(operation: message.operationName)
                .recordNanoseconds(Int64((ContinuousClock.now - started).nanoseconds))
        }
        do {
            try message.validate(maxBatchEvents: UInt32(clamping: self.configuration.maxBatchEvents))
            return try await self.answer(message, requestID: requestID, credit: credit)
        } catch let error as ProtocolError {
            return .error(error.errorMessage)
        } catch let error as EventStoreError {
            if error.code == .storageUnavailable || error.code == .storageFailure {
                self.logger.info("store failed a request", metadata: ["disco_error": "\(String(reflecting: error))"])
            }
            return .error(error.errorMessage)
        } catch is CancellationError {
            return nil
        } catch where !self.channel.isActive {
            // The client went away mid-request (a stream's write failed): nobody is left to answer.
            self.logger.debug("request ended: the connection closed", metadata: ["disco_error": "\(error)"])
            return nil
        } catch {
            self.logger.error("request failed unexpectedly", metadata: ["disco_error": "\(String(reflecting: error))"])
            return .error(.init(code: .internal, message: "internal server error"))
        }
    }

    private func answer(_ message: ClientMessage, requestID: UInt32, credit: StreamCredit?) async throws -> ServerMessage {
        switch message {
        case .ping(let ping):
            return .pong(.init(nonce: ping.nonce))
        case .emit(let emit):
            let negotiated = self.state.withLock { $0.negotiated.codec }
            guard emit.events.codec == .none || emit.events.codec == negotiated else {
                return .error(
                    .init(
                        code: .unsupportedCodec,
                        message: "the EMIT batch uses codec \(emit.events.codec), which was not negotiated",
                        details: .unsupportedCodec(emit.events.codec.rawValue)
                    )
                )
            }
            let result = try await self.store.emit(try emit.storeRequest())
            self.metrics.emits.increment()
            self.metrics.eventsEmitted.increment(by: result.events.count)
            return .emitted(.init(result))
        case .readAfter(let read):
            let query = ReadStream.Query.after(offset: try Int64(wire: read.afterOffset, "after_offset"), types: read.types)
            return try await ReadStream(query: query, limit: read.limit.asLimit, context: self.streamContext(requestID, credit)).run()
        case .readTypes(let read):
            let query = ReadStream.Query.after(offset: try Int64(wire: read.afterOffset, "after_offset"), types: read.types)
            return try await ReadStream(query: query, limit: read.limit.asLimit, context: self.streamContext(requestID, credit)).run()
        case .readAggregate(let read):
            let query = ReadStream.Query.aggregate(id: read.aggregateID, fromVersion: try Int64(wire: read.fromVersion, "from_version"))
            return try await ReadStream(query: query, limit: read.limit.asLimit, context: self.streamContext(requestID, credit)).run()
        case .subscribe(let subscribe):
            let after = try Int64(wire: subscribe.afterOffset, "after_offset")
            return try await Subscription(afterOffset: after, types: subscribe.types, context: self.streamContext(requestID, credit)).run()
        case .consumerGet(let get):
            let offset = try await self.store.consumerOffset(get.consumer)
            return .consumerOffset(.init(offset: UInt64(max(offset.offset, 0)), known: offset.known))
        case .consumerUpdate(let update):
            let offset = try Int64(wire: update.offset, "offset")
            let expected = try update.expected.map { value throws(ProtocolError) in try Int64(wire: value, "expected") }
            try await self.store.updateConsumerOffset(update.consumer, to: offset, expected: expected)
            return .consumerOffset(.init(offset: update.offset, known: true))
        case .consumerReset(let reset):
            try await self.store.resetConsumerOffset(reset.consumer)
            return .consumerOffset(.init(offset: 0, known: true))
        case .hello, .credit, .cancel:
            return .error(.init(code: .internal, message: "\(message.opcode) is not a request"))
        }
    }

    private func streamContext(_ requestID: UInt32, _ credit: StreamCredit?) -> StreamContext {
        let negotiated = self.state.withLock { $0.negotiated }
        return StreamContext(
            store: self.store,
            writer: self.writer,
            requestID: requestID,
            credit: credit ?? StreamCredit(initial: 0),
            codec: negotiated.codec,
            clientMaxFrameSize: negotiated.clientMaxFrameSize,
            pageSize: self.configuration.readPageSize,
            metrics: self.metrics
        )
    }

    // MARK: - Closing

    private func closeForShutdown() {
        let writer = self.writer
        let channel = self.channel
        Task {
            try? await writer.sendError(.init(code: .shuttingDown, message: "the server is shutting down"), requestID: 0)
            channel.close(promise: nil)
        }
    }

    /// Closes the connection once it has had nothing in flight and received nothing for the idle timeout.
    private func closeWhenIdle() async {
        let timeout = self.configuration.idleTimeout
        while !Task.isCancelled {
            let (idle, lastActivity) = self.state.withLock { ($0.machine.isIdle, $0.lastActivity) }
            let deadline = lastActivity + timeout
            if idle, deadline <= .now {
                self.logger.debug("closing idle connection")
                try? await self.writer.sendError(
                    .init(code: .timeout, message: "closing the connection after \(timeout) without requests"),
                    requestID: 0
                )
                self.channel.close(promise: nil)
                return
            }
            try? await Task.sleep(until: idle ? deadline : .now + timeout, clock: .continuous)
        }
    }
}
