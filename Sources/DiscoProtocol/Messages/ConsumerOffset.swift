import NIOCore

extension ServerMessage {
    /// `CONSUMER_OFFSET` (0xB0), the answer to `CONSUMER_GET`, `CONSUMER_UPDATE` and `CONSUMER_RESET`:
    /// `u64 offset, bool known`.
    public struct ConsumerOffset: Hashable, Sendable {
        /// The consumer's offset; 0 when it has none.
        public var offset: UInt64
        /// `false` for a consumer that has never stored an offset.
        public var known: Bool

        /// Creates a `CONSUMER_OFFSET`.
        public init(offset: UInt64, known: Bool) {
            self.offset = offset
            self.known = known
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ConsumerOffset {
            let offset = try buffer.readWireInteger("offset", as: UInt64.self)
            return ConsumerOffset(offset: offset, known: try buffer.readWireBool("known"))
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.offset)
            buffer.writeWireBool(self.known)
        }
    }
}
