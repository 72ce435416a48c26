extension ProtocolError {
    /// The error's code: one per wire ``ErrorCode`` that protocol v1 defines.
    ///
    /// A struct over a private enum so that codes can be added without breaking API.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformedFrame, frameTooLarge, unknownOpcode, invalidUTF8, unsupportedVersion, handshakeRequired
            case authenticationFailed, unsupportedCodec, decompressionFailed, invalidArgument, tooManyInFlight
            case duplicateRequestID, versionConflict, eventIDConflict, consumerOffsetConflict, unknownConsumer
            case storageUnavailable, shuttingDown, timeout, serverBusy, `internal`
        }

        private let base: Base

        private init(base: Base) {
            self.base = base
        }

        /// See ``ErrorCode/malformedFrame``.
        public static let malformedFrame = Code(base: .malformedFrame)
        /// See ``ErrorCode/frameTooLarge``.
        public static let frameTooLarge = Code(base: .frameTooLarge)
        /// See ``ErrorCode/unknownOpcode``.
        public static let unknownOpcode = Code(base: .unknownOpcode)
        /// See ``ErrorCode/invalidUTF8``.
        public static let invalidUTF8 = Code(base: .invalidUTF8)
        /// See ``ErrorCode/unsupportedVersion``.
        public static let unsupportedVersion = Code(base: .unsupportedVersion)
        /// See ``ErrorCode/handshakeRequired``.
        public static let handshakeRequired = Code(base: .handshakeRequired)
        /// See ``ErrorCode/authenticationFailed``.
        public static let authenticationFailed = Code(base: .authenticationFailed)
        /// See ``ErrorCode/unsupportedCodec``.
        public static let unsupportedCodec = Code(base: .unsupportedCodec)
        /// See ``ErrorCode/decompressionFailed``.
        public static let decompressionFailed = Code(base: .decompressionFailed)
        /// See ``ErrorCode/invalidArgument``.
        public static let invalidArgument = Code(base: .invalidArgument)
        /// See ``ErrorCode/tooManyInFlight``.
        public static let tooManyInFlight = Code(base: .tooManyInFlight)
        /// See ``ErrorCode/duplicateRequestID``.
        public static let duplicateRequestID = Code(base: .duplicateRequestID)
        /// See ``ErrorCode/versionConflict``.
        public static let versionConflict = Code(base: .versionConflict)
        /// See ``ErrorCode/eventIDConflict``.
        public static let eventIDConflict = Code(base: .eventIDConflict)
        /// See ``ErrorCode/consumerOffsetConflict``.
        public static let consumerOffsetConflict = Code(base: .consumerOffsetConflict)
        /// See ``ErrorCode/unknownConsumer``.
        public static let unknownConsumer = Code(base: .unknownConsumer)
        /// See ``ErrorCode/storageUnavailable``.
        public static let storageUnavailable = Code(base: .storageUnavailable)
        /// See ``ErrorCode/shuttingDown``.
        public static let shuttingDown = Code(base: .shuttingDown)
        /// See ``ErrorCode/timeout``.
        public static let timeout = Code(base: .timeout)
        /// See ``ErrorCode/serverBusy``.
        public static let serverBusy = Code(base: .serverBusy)
        /// See ``ErrorCode/internal``.
        public static let `internal` = Code(base: .internal)

        /// The code sent on the wire for this error.
        public var errorCode: ErrorCode {
            switch self.base {
            case .malformedFrame: .malformedFrame
            case .frameTooLarge: .frameTooLarge
            case .unknownOpcode: .unknownOpcode
            case .invalidUTF8: .invalidUTF8
            case .unsupportedVersion: .unsupportedVersion
            case .handshakeRequired: .handshakeRequired
            case .authenticationFailed: .authenticationFailed
            case .unsupportedCodec: .unsupportedCodec
            case .decompressionFailed: .decompressionFailed
            case .invalidArgument: .invalidArgument
            case .tooManyInFlight: .tooManyInFlight
            case .duplicateRequestID: .duplicateRequestID
            case .versionConflict: .versionConflict
            case .eventIDConflict: .eventIDConflict
            case .consumerOffsetConflict: .consumerOffsetConflict
            case .unknownConsumer: .unknownConsumer
            case .storageUnavailable: .storageUnavailable
            case .shuttingDown: .shuttingDown
            case .timeout: .timeout
            case .serverBusy: .serverBusy
            case .internal: .internal
            }
        }

        /// The code for a wire code, or `nil` when protocol v1 does not define it.
        public init?(_ errorCode: ErrorCode) {
            let all: [Code] = [
                .malformedFrame, .frameTooLarge, .unknownOpcode, .invalidUTF8, .unsupportedVersion,
                .handshakeRequired, .authenticationFailed, .unsupportedCodec, .decompressionFailed,
                .invalidArgument, .tooManyInFlight, .duplicateRequestID, .versionConflict, .eventIDConflict,
                .consumerOffsetConflict, .unknownConsumer, .storageUnavailable, .shuttingDown, .timeout,
                .serverBusy, .internal,
            ]
            guard let code = all.first(where: { $0.errorCode == errorCode }) else { return nil }
            self = code
        }

        /// Whether the same request may succeed if sent again later.
        public var isRetriable: Bool {
            self.errorCode.isRetriable
        }

        /// Whether the connection closes after this error, whatever its request id.
        public var closesConnection: Bool {
            self.errorCode.closesConnection
        }

        /// The spec's name, for example `MALFORMED_FRAME`.
        public var description: String {
            self.errorCode.description
        }
    }
}
