import NIOCore

extension ServerMessage {
    /// `CAUGHT_UP` (0xA1), once per `SUBSCRIBE` stream: `u64 head_offset`.
    ///
    /// Everything committed up to `headOffset` has been sent; from now on events are pushed as they commit.
    public struct CaughtUp: Hashable, Sendable {
        /// The head of the log when the subscription caught up.
        public var headOffset: UInt64

        /// Creates a `CAUGHT_UP`.
        public init(headOffset: UInt64) {
            self.headOffset = headOffset
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> CaughtUp {
            CaughtUp(headOffset: try buffer.readWireInteger("head_offset"))
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.headOffset)
        }
    }
}
