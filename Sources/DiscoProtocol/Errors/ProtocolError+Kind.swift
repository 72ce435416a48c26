extension ProtocolError {
    /// What exactly went wrong, finer than ``Code``: the "decoder-level error kind" of `protocol/vectors/invalid.json`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case frameLengthTooSmall = "frame_length_too_small"
            case nonzeroFlags = "nonzero_flags"
            case frameTooLarge = "frame_too_large"
            case unknownOpcode = "unknown_opcode"
            case truncated = "truncated"
            case trailingBytes = "trailing_bytes"
            case invalidBool = "invalid_bool"
            case invalidEnumValue = "invalid_enum_value"
            case nonzeroUnusedField = "nonzero_unused_field"
            case invalidUTF8 = "invalid_utf8"
            case unknownCodec = "unknown_codec"
            case recordsSizeMismatch = "records_size_mismatch"
            case recordsSizeOverLimit = "records_size_over_limit"
            case corruptCompressedData = "corrupt_compressed_data"
            case inflatedSizeMismatch = "inflated_size_mismatch"
            case eventCountMismatch = "event_count_mismatch"
            case invalidArgument = "invalid_argument"
            case connectionState = "connection_state"
        }

        private let base: Base

        private init(base: Base) {
            self.base = base
        }

        /// The frame's `length` field is below 6.
        public static let frameLengthTooSmall = Kind(base: .frameLengthTooSmall)
        /// The frame's flags byte is not 0.
        public static let nonzeroFlags = Kind(base: .nonzeroFlags)
        /// The frame is larger than the receiver's limit.
        public static let frameTooLarge = Kind(base: .frameTooLarge)
        /// The opcode is unknown, or belongs to the other direction.
        public static let unknownOpcode = Kind(base: .unknownOpcode)
        /// The body (or a batch's records) ends in the middle of a field.
        public static let truncated = Kind(base: .truncated)
        /// The body has bytes left after its last field.
        public static let trailingBytes = Kind(base: .trailingBytes)
        /// A `bool` field is neither 0 nor 1.
        public static let invalidBool = Kind(base: .invalidBool)
        /// An enumerated `u8` field (expectation kind, stream end reason) has an undefined value.
        public static let invalidEnumValue = Kind(base: .invalidEnumValue)
        /// A field that must be 0 in its context is not (an expectation's version with kind 1, a consumer
        /// update's `expected` with `has_expected` = 0).
        public static let nonzeroUnusedField = Kind(base: .nonzeroUnusedField)
        /// A string field is not valid UTF-8.
        public static let invalidUTF8 = Kind(base: .invalidUTF8)
        /// A batch's codec number is not defined.
        public static let unknownCodec = Kind(base: .unknownCodec)
        /// An uncompressed batch's `records_size` differs from the bytes that follow it.
        public static let recordsSizeMismatch = Kind(base: .recordsSizeMismatch)
        /// A compressed batch states a `records_size` above the receiver's limit.
        public static let recordsSizeOverLimit = Kind(base: .recordsSizeOverLimit)
        /// A compressed block does not inflate (bad header, bad data, bad checksum, incomplete or trailing data).
        public static let corruptCompressedData = Kind(base: .corruptCompressedData)
        /// A compressed block inflates to a size other than `records_size`.
        public static let inflatedSizeMismatch = Kind(base: .inflatedSizeMismatch)
        /// A batch's records hold more bytes than its `event_count` records.
        public static let eventCountMismatch = Kind(base: .eventCountMismatch)
        /// A well-formed field is out of its allowed range (semantic validation).
        public static let invalidArgument = Kind(base: .invalidArgument)
        /// The request is not allowed in the connection's state (handshake, in-flight limits, request ids).
        public static let connectionState = Kind(base: .connectionState)

        /// The snake_case name used in the test vectors, for example `trailing_bytes`.
        public var name: String {
            self.base.rawValue
        }

        /// Same as ``name``.
        public var description: String {
            self.base.rawValue
        }
    }
}
