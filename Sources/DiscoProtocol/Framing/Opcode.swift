/// The operation a frame carries, sent as the `u8` at offset 4 of every frame.
///
/// Client-to-server opcodes have the high bit clear; server-to-client opcodes have it set.
public enum Opcode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Client: opens the connection, negotiates version, codec and limits.
    case hello = 0x01
    /// Client: a liveness probe answered by ``pong``.
    case ping = 0x02
    /// Client: appends a batch of events atomically.
    case emit = 0x10
    /// Client: streams the events of one aggregate.
    case readAggregate = 0x20
    /// Client: streams the events of some types after an offset.
    case readTypes = 0x21
    /// Client: streams every event (optionally filtered by type) after an offset.
    case readAfter = 0x22
    /// Client: streams events after an offset, then live events as they commit.
    case subscribe = 0x23
    /// Client: grants a stream more `EVENTS` frames.
    case credit = 0x28
    /// Client: ends a stream early.
    case cancel = 0x29
    /// Client: fetches a consumer's stored offset.
    case consumerGet = 0x30
    /// Client: stores a consumer's offset.
    case consumerUpdate = 0x31
    /// Client: resets a consumer's offset to 0.
    case consumerReset = 0x32

    /// Server: accepts the handshake.
    case helloOK = 0x81
    /// Server: answers ``ping``.
    case pong = 0x82
    /// Server: acknowledges an ``emit``.
    case emitted = 0x90
    /// Server: one batch of events on a stream.
    case events = 0xA0
    /// Server: a subscription has caught up with the head of the log.
    case caughtUp = 0xA1
    /// Server: the final frame of a stream.
    case streamEnd = 0xA2
    /// Server: a consumer's offset.
    case consumerOffset = 0xB0
    /// Server: a request (or the connection) failed.
    case error = 0xFF

    /// `true` for opcodes a server sends, `false` for opcodes a client sends.
    public var isServerToClient: Bool {
        self.rawValue & 0x80 != 0
    }

    /// The name used in the protocol spec, for example `READ_AGGREGATE`.
    public var description: String {
        switch self {
        case .hello: "HELLO"
        case .ping: "PING"
        case .emit: "EMIT"
        case .readAggregate: "READ_AGGREGATE"
        case .readTypes: "READ_TYPES"
        case .readAfter: "READ_AFTER"
        case .subscribe: "SUBSCRIBE"
        case .credit: "CREDIT"
        case .cancel: "CANCEL"
        case .consumerGet: "CONSUMER_GET"
        case .consumerUpdate: "CONSUMER_UPDATE"
        case .consumerReset: "CONSUMER_RESET"
        case .helloOK: "HELLO_OK"
        case .pong: "PONG"
        case .emitted: "EMITTED"
        case .events: "EVENTS"
        case .caughtUp: "CAUGHT_UP"
        case .streamEnd: "STREAM_END"
        case .consumerOffset: "CONSUMER_OFFSET"
        case .error: "ERROR"
        }
    }
}
