import NIOCore

extension ClientMessage {
    /// `CONSUMER_RESET` (0x32): `string consumer`; sets its offset to 0. Answered by `CONSUMER_OFFSET`.
    public struct ConsumerReset: Hashable, Sendable {
        /// The consumer's name (1...255 bytes).
        public var consumer: String

        /// Creates a `CONSUMER_RESET`.
        public init(consumer: String) {
            self.consumer = consumer
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ConsumerReset {
            ConsumerReset(consumer: try buffer.readWireString("consumer"))
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeWireString(self.consumer)
        }
    }
}
