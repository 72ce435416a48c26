/// A wire error code: the `u16` at the start of an `ERROR` body.
///
/// The set is open: a peer may send a code this implementation does not know, which is kept as is.
/// `protocol/errors.md` is the authoritative table.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number sent on the wire.
    public var rawValue: UInt16

    /// Creates a code from its wire number (known or not).
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 1: the body does not parse (truncated, trailing bytes, bad bool...), or the framing cannot be trusted.
    public static let malformedFrame = ErrorCode(rawValue: 1)
    /// 2: the frame is larger than the receiver accepts; the connection closes.
    public static let frameTooLarge = ErrorCode(rawValue: 2)
    /// 3: the opcode is not defined (for this direction) in the negotiated version.
    public static let unknownOpcode = ErrorCode(rawValue: 3)
    /// 4: a string field is not valid UTF-8.
    public static let invalidUTF8 = ErrorCode(rawValue: 4)
    /// 5: client and server share no protocol version; the connection closes.
    public static let unsupportedVersion = ErrorCode(rawValue: 5)
    /// 6: the first frame was not `HELLO`, or `HELLO` came twice; the connection closes.
    public static let handshakeRequired = ErrorCode(rawValue: 6)
    /// 7: the auth token is missing or wrong; the connection closes.
    public static let authenticationFailed = ErrorCode(rawValue: 7)
    /// 8: a batch uses a codec that is unknown or was not negotiated.
    public static let unsupportedCodec = ErrorCode(rawValue: 8)
    /// 9: a compressed batch is over the size limit, does not inflate, or inflates to the wrong size.
    public static let decompressionFailed = ErrorCode(rawValue: 9)
    /// 10: a field is out of range (empty type, name too long, zero credit...).
    public static let invalidArgument = ErrorCode(rawValue: 10)
    /// 11: the connection already has `max_in_flight` requests and streams open.
    public static let tooManyInFlight = ErrorCode(rawValue: 11)
    /// 12: the request id is already in use on this connection.
    public static let duplicateRequestID = ErrorCode(rawValue: 12)
    /// 20: an expected aggregate version did not match; nothing of the emit was stored.
    public static let versionConflict = ErrorCode(rawValue: 20)
    /// 21: some but not all of an emit's ids are stored, or an id is stored with other content.
    public static let eventIDConflict = ErrorCode(rawValue: 21)
    /// 22: a consumer update's expected offset did not match.
    public static let consumerOffsetConflict = ErrorCode(rawValue: 22)
    /// 23: a reset named a consumer that has no stored offset.
    public static let unknownConsumer = ErrorCode(rawValue: 23)
    /// 30: the database cannot be reached; nothing was acknowledged.
    public static let storageUnavailable = ErrorCode(rawValue: 30)
    /// 31: the server is shutting down.
    public static let shuttingDown = ErrorCode(rawValue: 31)
    /// 32: the server gave up waiting (idle connection, slow storage).
    public static let timeout = ErrorCode(rawValue: 32)
    /// 33: too many connections, or the server is overloaded.
    public static let serverBusy = ErrorCode(rawValue: 33)
    /// 34: an unexpected server error.
    public static let `internal` = ErrorCode(rawValue: 34)

    /// Every code protocol v1 defines, in table order.
    public static let allDefined: [ErrorCode] = [
        .malformedFrame, .frameTooLarge, .unknownOpcode, .invalidUTF8, .unsupportedVersion, .handshakeRequired,
        .authenticationFailed, .unsupportedCodec, .decompressionFailed, .invalidArgument, .tooManyInFlight,
        .duplicateRequestID, .versionConflict, .eventIDConflict, .consumerOffsetConflict, .unknownConsumer,
        .storageUnavailable, .shuttingDown, .timeout, .serverBusy, .internal,
    ]

    /// The spec's name (`VERSION_CONFLICT`), or `nil` for a code protocol v1 does not define.
    public var name: String? {
        switch self.rawValue {
        case 1: "MALFORMED_FRAME"
        case 2: "FRAME_TOO_LARGE"
        case 3: "UNKNOWN_OPCODE"
        case 4: "INVALID_UTF8"
        case 5: "UNSUPPORTED_VERSION"
        case 6: "HANDSHAKE_REQUIRED"
        case 7: "AUTHENTICATION_FAILED"
        case 8: "UNSUPPORTED_CODEC"
        case 9: "DECOMPRESSION_FAILED"
        case 10: "INVALID_ARGUMENT"
        case 11: "TOO_MANY_IN_FLIGHT"
        case 12: "DUPLICATE_REQUEST_ID"
        case 20: "VERSION_CONFLICT"
        case 21: "EVENT_ID_CONFLICT"
        case 22: "CONSUMER_OFFSET_CONFLICT"
        case 23: "UNKNOWN_CONSUMER"
        case 30: "STORAGE_UNAVAILABLE"
        case 31: "SHUTTING_DOWN"
        case 32: "TIMEOUT"
        case 33: "SERVER_BUSY"
        case 34: "INTERNAL"
        default: nil
        }
    }

    /// Whether the same request may succeed if sent again later (on this or a new connection).
    ///
    /// Unknown codes are treated as not retriable.
    public var isRetriable: Bool {
        switch self {
        case .tooManyInFlight, .storageUnavailable, .shuttingDown, .timeout, .serverBusy, .internal: true
        default: false
        }
    }

    /// Whether the sender closes the connection after this error, whatever its request id.
    ///
    /// Independently of the code, every `ERROR` with request id 0 is connection-level and is followed by close.
    public var closesConnection: Bool {
        switch self {
        case .frameTooLarge, .unsupportedVersion, .handshakeRequired, .authenticationFailed: true
        default: false
        }
    }

    /// The spec's name, or `UNKNOWN(n)`.
    public var description: String {
        self.name ?? "UNKNOWN(\(self.rawValue))"
    }
}
