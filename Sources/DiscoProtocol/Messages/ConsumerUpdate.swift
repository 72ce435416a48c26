import NIOCore

extension ClientMessage {
    /// `CONSUMER_UPDATE` (0x31): stores a consumer's offset, optionally only if it currently has an expected one.
    ///
    /// `string consumer, u64 offset, bool has_expected, u64 expected` (`expected` is 0 when `has_expected` is 0).
    public struct ConsumerUpdate: Hashable, Sendable {
        /// The consumer's name (1...255 bytes).
        public var consumer: String
        /// The offset to store.
        public var offset: UInt64
        /// When set, the update applies only if the stored offset is this one (0 also matches a consumer with
        /// no stored offset); otherwise it fails with `CONSUMER_OFFSET_CONFLICT`.
        public var expected: UInt64?

        /// Creates a `CONSUMER_UPDATE`.
        public init(consumer: String, offset: UInt64, expected: UInt64? = nil) {
            self.consumer = consumer
            self.offset = offset
            self.expected = expected
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ConsumerUpdate {
            let consumer = try buffer.readWireString("consumer")
            let offset = try buffer.readWireInteger("offset", as: UInt64.self)
            let hasExpected = try buffer.readWireBool("has_expected")
            let expected = try buffer.readWireInteger("expected", as: UInt64.self)
            guard hasExpected || expected == 0 else {
                throw .malformed(.nonzeroUnusedField, "expected is \(expected) with has_expected = 0")
            }
            return ConsumerUpdate(consumer: consumer, offset: offset, expected: hasExpected ? expected : nil)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeWireString(self.consumer)
            buffer.writeInteger(self.offset)
            buffer.writeWireBool(self.expected != nil)
            buffer.writeInteger(self.expected ?? 0)
        }
    }
}
