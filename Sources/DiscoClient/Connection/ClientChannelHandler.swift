import DiscoProtocol
import Logging
import NIOCore

/// The channel handler of a client connection: runs ``ConnectionStateMachine`` on the event loop and carries
/// out its actions — writes frames, resumes waiters, schedules request timeouts. It holds no logic of its own.
final class ClientChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = ConnectionCommand
    typealias OutboundOut = ByteBuffer

    private var stateMachine: ConnectionStateMachine<ConnectionWaiter>
    private var timeouts: [UInt32: Scheduled<Void>] = [:]
    private let maximumRecordsSize: Int
    private let logger: Logger

    init(maximumInFlight: Int, maximumFrameSize: Int, logger: Logger) {
        self.stateMachine = ConnectionStateMachine(maximumInFlight: maximumInFlight)
        self.maximumRecordsSize = maximumFrameSize
        self.logger = logger
    }

    /// Takes charge of a command: `promise` succeeds once the handler has it (from then on the handler resumes
    /// the command's waiter), whatever becomes of the bytes written for it.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        promise?.succeed()
        switch self.unwrapOutboundIn(data) {
        case .request(let message, let waiter, let timeout):
            let isStream: Bool
            if case .stream = waiter { isStream = true } else { isStream = false }
            let requestID: UInt32
            switch self.stateMachine.start(message, isStream: isStream, waiter: waiter) {
            case .send(let id, let message):
                requestID = id
                self.assign(id, to: waiter)
                self.writeFrame(message, requestID: id, context: context)
            case .wait(let id):
                requestID = id
                self.assign(id, to: waiter)
            case .fail(let waiter, let error):
                waiter.fail(error)
                return
            }
            if let timeout {
                self.timeouts[requestID] = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                    self.timedOut(requestID, context: context)
                }
            }
        case .credit(let receiver, let additional):
            if self.stateMachine.isOpenStream(receiver.requestID) {
                self.writeFrame(.credit(.init(additional: additional)), requestID: receiver.requestID, context: context)
            }
        case .cancel(let receiver):
            let (waiter, wasSent) = self.stateMachine.abandon(requestID: receiver.requestID)
            waiter?.fail(.connectionClosed("the stream was cancelled"))
            if wasSent {
                self.writeFrame(.cancel, requestID: receiver.requestID, context: context)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        let message: ServerMessage
        do {
            message = try ServerMessage(frame: frame, maxRecordsSize: self.maximumRecordsSize)
        } catch {
            self.close(context: context, error: .protocolViolation("a frame from the server does not decode", underlying: error))
            return
        }
        self.logger.trace(
            "frame received",
            metadata: ["disco_opcode": "\(message.opcode)", "disco_request_id": "\(frame.requestID)"]
        )
        if case .helloOK(let helloOK) = message {
            self.stateMachine.negotiated(helloOK)
        }
        switch self.stateMachine.received(message, requestID: frame.requestID) {
        case .deliver(let waiter, let message):
            waiter.deliver(message)
        case .complete(let waiter, let message, let next):
            self.timeouts.removeValue(forKey: frame.requestID)?.cancel()
            waiter?.complete(message)
            for (requestID, message) in next {
                self.writeFrame(message, requestID: requestID, context: context)
            }
            if !next.isEmpty {
                context.flush()
            }
        case .drop:
            break
        case .close(let error):
            self.close(context: context, error: error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failAll(.connectionClosed())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let clientError =
            error is ProtocolError
            ? DiscoClientError.protocolViolation("the server's framing cannot be trusted", underlying: error)
            : DiscoClientError.connectionClosed("the connection failed", underlying: error)
        self.close(context: context, error: clientError)
    }

    private func assign(_ requestID: UInt32, to waiter: ConnectionWaiter) {
        if case .stream(let receiver) = waiter {
            receiver.requestID = requestID
        }
    }

    private func writeFrame(
        _ message: ClientMessage,
        requestID: UInt32,
        context: ChannelHandlerContext
    ) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        message.encodeFrame(requestID: requestID, into: &buffer)
        self.logger.trace(
            "frame sent",
            metadata: ["disco_opcode": "\(message.opcode)", "disco_request_id": "\(requestID)"]
        )
        context.write(self.wrapOutboundOut(buffer), promise: nil)
    }

    private func timedOut(_ requestID: UInt32, context: ChannelHandlerContext) {
        self.timeouts[requestID] = nil
        let (waiter, _) = self.stateMachine.abandon(requestID: requestID)
        waiter?.fail(DiscoClientError(code: .requestTimeout, message: "no answer to request \(requestID) in time"))
    }

    private func close(context: ChannelHandlerContext, error: DiscoClientError) {
        self.logger.info("closing the connection", metadata: ["disco_error": "\(String(reflecting: error))"])
        self.failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: DiscoClientError) {
        for timeout in self.timeouts.values {
            timeout.cancel()
        }
        self.timeouts = [:]
        for waiter in self.stateMachine.closed(error) {
            waiter.fail(error)
        }
    }
}
