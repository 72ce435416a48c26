import DiscoProtocol

extension DiscoClientError {
    /// The kind of a ``DiscoClientError``: one code per wire error code of protocol v1, plus the client's own.
    ///
    /// A struct wrapping a private enum, so that codes can be added without breaking source compatibility:
    /// compare with `==` (or match with `case .versionConflict`), and keep a `default` in switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformedFrame, frameTooLarge, unknownOpcode, invalidUTF8, unsupportedVersion
            case handshakeRequired, authenticationFailed, unsupportedCodec, decompressionFailed
            case invalidArgument, tooManyInFlight, duplicateRequestID
            case versionConflict, eventIDConflict, consumerOffsetConflict, unknownConsumer
            case storageUnavailable, shuttingDown, serverTimeout, serverBusy, serverInternal
            case unknownServerError
            case connectionClosed, requestTimeout, noServerReachable, protocolViolation, clientShutDown
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// `MALFORMED_FRAME` (1): the server could not parse a frame the client sent.
        public static let malformedFrame = Code(.malformedFrame)
        /// `FRAME_TOO_LARGE` (2): a frame the client sent is over the server's limit.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// `UNKNOWN_OPCODE` (3): the server does not know an opcode the client sent.
        public static let unknownOpcode = Code(.unknownOpcode)
        /// `INVALID_UTF8` (4): a string the client sent is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// `UNSUPPORTED_VERSION` (5): client and server share no protocol version.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// `HANDSHAKE_REQUIRED` (6): the server expected a `HELLO`.
        public static let handshakeRequired = Code(.handshakeRequired)
        /// `AUTHENTICATION_FAILED` (7): the auth token is missing or wrong.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// `UNSUPPORTED_CODEC` (8): a batch used a codec that is not defined or was not negotiated.
        public static let unsupportedCodec = Code(.unsupportedCodec)
        /// `DECOMPRESSION_FAILED` (9): a compressed batch is over the size limit or does not inflate.
        public static let decompressionFailed = Code(.decompressionFailed)
        /// `INVALID_ARGUMENT` (10): an argument is out of range (empty type, name too long, too many events...).
        public static let invalidArgument = Code(.invalidArgument)
        /// `TOO_MANY_IN_FLIGHT` (11): the connection had too many requests open. Retriable.
        public static let tooManyInFlight = Code(.tooManyInFlight)
        /// `DUPLICATE_REQUEST_ID` (12): the client reused a request id (a client bug).
        public static let duplicateRequestID = Code(.duplicateRequestID)
        /// `VERSION_CONFLICT` (20): an expected aggregate version did not hold; nothing was stored.
        public static let versionConflict = Code(.versionConflict)
        /// `EVENT_ID_CONFLICT` (21): some of the ids are stored already, or stored with other content.
        public static let eventIDConflict = Code(.eventIDConflict)
        /// `CONSUMER_OFFSET_CONFLICT` (22): the consumer's offset was not the expected one.
        public static let consumerOffsetConflict = Code(.consumerOffsetConflict)
        /// `UNKNOWN_CONSUMER` (23): the consumer has no stored offset.
        public static let unknownConsumer = Code(.unknownConsumer)
        /// `STORAGE_UNAVAILABLE` (30): the server cannot reach its database; nothing was stored. Retriable.
        public static let storageUnavailable = Code(.storageUnavailable)
        /// `SHUTTING_DOWN` (31): the server is shutting down. Retriable.
        public static let shuttingDown = Code(.shuttingDown)
        /// `TIMEOUT` (32): the server gave up waiting. Retriable.
        public static let serverTimeout = Code(.serverTimeout)
        /// `SERVER_BUSY` (33): the server is overloaded or at its connection limit. Retriable.
        public static let serverBusy = Code(.serverBusy)
        /// `INTERNAL` (34): an unexpected server error. Retriable.
        public static let serverInternal = Code(.serverInternal)
        /// A wire error code this client does not know (see ``DiscoClientError/Details/unknownServerCode(_:)``).
        public static let unknownServerError = Code(.unknownServerError)

        /// The connection closed before the answer arrived. Retriable: emits are idempotent by event id.
        public static let connectionClosed = Code(.connectionClosed)
        /// No answer within the configured request timeout. Retriable.
        public static let requestTimeout = Code(.requestTimeout)
        /// No configured server could be reached before the deadline. Retriable.
        public static let noServerReachable = Code(.noServerReachable)
        /// The server sent something protocol v1 does not allow; the connection was closed.
        public static let protocolViolation = Code(.protocolViolation)
        /// The client is shut down (its `run()` returned).
        public static let clientShutDown = Code(.clientShutDown)

        /// The client code for a wire error code.
        init(wire code: ErrorCode) {
            switch code {
            case .malformedFrame: self = .malformedFrame
            case .frameTooLarge: self = .frameTooLarge
            case .unknownOpcode: self = .unknownOpcode
            case .invalidUTF8: self = .invalidUTF8
            case .unsupportedVersion: self = .unsupportedVersion
            case .handshakeRequired: self = .handshakeRequired
            case .authenticationFailed: self = .authenticationFailed
            case .unsupportedCodec: self = .unsupportedCodec
            case .decompressionFailed: self = .decompressionFailed
            case .invalidArgument: self = .invalidArgument
            case .tooManyInFlight: self = .tooManyInFlight
            case .duplicateRequestID: self = .duplicateRequestID
            case .versionConflict: self = .versionConflict
            case .eventIDConflict: self = .eventIDConflict
            case .consumerOffsetConflict: self = .consumerOffsetConflict
            case .unknownConsumer: self = .unknownConsumer
            case .storageUnavailable: self = .storageUnavailable
            case .shuttingDown: self = .shuttingDown
            case .timeout: self = .serverTimeout
            case .serverBusy: self = .serverBusy
            case .internal: self = .serverInternal
            default: self = .unknownServerError
            }
        }

        /// Whether the same operation may succeed if tried again later.
        public var isRetriable: Bool {
            switch self.base {
            case .tooManyInFlight, .storageUnavailable, .shuttingDown, .serverTimeout, .serverBusy, .serverInternal,
                .connectionClosed, .requestTimeout, .noServerReachable:
                true
            default:
                false
            }
        }

        /// Whether the client retries an operation that failed with this code by itself, within the operation's
        /// deadline: the retriable codes except the ones that mean the deadline has passed.
        var isRetriedAutomatically: Bool {
            self.isRetriable && self != .requestTimeout && self != .noServerReachable
        }

        /// The code's name, like `versionConflict`.
        public var description: String {
            "\(self.base)"
        }
    }
}
