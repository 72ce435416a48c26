import NIOCore

/// A message and the request id of the frame that carries it.
public struct FramedMessage<Message: FrameMessage>: Hashable, Sendable {
    /// The request id: the client's choice for requests; the answered request's for responses.
    public var requestID: UInt32
    /// The message.
    public var message: Message

    /// Creates a framed message.
    public init(requestID: UInt32, message: Message) {
        self.requestID = requestID
        self.message = message
    }
}

/// Writes ``FramedMessage``s as frames: `ClientMessage` on a client's pipeline, `ServerMessage` on a server's.
public struct FrameEncoder<Message: FrameMessage>: MessageToByteEncoder {
    /// The encoder writes framed messages.
    public typealias OutboundIn = FramedMessage<Message>

    /// Creates an encoder.
    public init() {}

    /// Appends one frame to `out`.
    public func encode(data: FramedMessage<Message>, out: inout ByteBuffer) {
        data.message.encodeFrame(requestID: data.requestID, into: &out)
    }
}
