import DiscoProtocol
import NIOCore

/// What a ``ClientConnection`` asks its channel handler to do; written to the channel.
enum ConnectionCommand: Sendable {
    /// Send a request; fail it with `requestTimeout` if its final frame has not arrived after `timeout`.
    case request(ClientMessage, ConnectionWaiter, timeout: TimeAmount?)
    /// Grant a stream more credit.
    case credit(StreamReceiver, UInt32)
    /// Cancel a stream whose consumer has gone.
    case cancel(StreamReceiver)
}
