import NIOCore

extension ClientMessage {
    /// `CONSUMER_GET` (0x30): `string consumer`. Answered by `CONSUMER_OFFSET`.
    public struct ConsumerGet: Hashable, Sendable {
        /// The consumer's name (1...255 bytes).
        public var consumer: String

        /// Creates a `CONSUMER_GET`.
        public init(consumer: String) {
            self.consumer = consumer
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ConsumerGet {
            ConsumerGet(consumer: try buffer.readWireString("consumer"))
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeWireString(self.consumer)
        }
    }
}
