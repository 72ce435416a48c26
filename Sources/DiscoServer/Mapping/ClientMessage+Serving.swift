import DiscoProtocol

extension ClientMessage {
    /// The credit a stream request opens its stream with; `nil` for requests that are not streams.
    var initialCredit: UInt32? {
        switch self {
        case .readAggregate(let read): read.credit
        case .readTypes(let read): read.credit
        case .readAfter(let read): read.credit
        case .subscribe(let subscribe): subscribe.credit
        case .hello, .ping, .emit, .credit, .cancel, .consumerGet, .consumerUpdate, .consumerReset: nil
        }
    }

    /// The operation's name in metrics (`emit`, `read_after`, ...).
    var operationName: String {
        switch self {
        case .hello: "hello"
        case .ping: "ping"
        case .emit: "emit"
        case .readAggregate: "read_aggregate"
        case .readTypes: "read_types"
        case .readAfter: "read_after"
        case .subscribe: "subscribe"
        case .credit: "credit"
        case .cancel: "cancel"
        case .consumerGet: "consumer_get"
        case .consumerUpdate: "consumer_update"
        case .consumerReset: "consumer_reset"
        }
    }
}

extension ServerMessage {
    /// A guess at the encoded body size, to size the frame's buffer once.
    var sizeHint: Int {
        switch self {
        case .emitted(let emitted): 8 + emitted.events.count * 24
        case .error(let error): 16 + error.message.utf8.count
        default: 32
        }
    }
}

extension UInt32 {
    /// A wire `limit` as a read limit: 0 means no limit.
    var asLimit: Int? {
        self == 0 ? nil : Int(self)
    }
}

extension Int64 {
    /// A wire `u64` offset or version as the store's `Int64`.
    ///
    /// - Throws: `INVALID_ARGUMENT` naming `field` when the value is above `Int64.max`.
    init(wire value: UInt64, _ field: String) throws(ProtocolError) {
        guard let converted = Int64(exactly: value) else {
            throw .invalidArgument("\(field) \(value) is out of range (the largest is \(Int64.max))")
        }
        self = converted
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = self.components
        let (secondsPart, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : secondsPart + attoseconds / 1_000_000_000
    }
}
