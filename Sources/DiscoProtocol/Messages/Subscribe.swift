import NIOCore

extension ClientMessage {
    /// `SUBSCRIBE` (0x23): streams the events after an offset, then live events as they commit.
    ///
    /// `u64 after_offset, u16 type_count, type_count × string, u32 credit`.
    public struct Subscribe: Hashable, Sendable {
        /// Send events with offsets above this one.
        public var afterOffset: UInt64
        /// The event types to send; empty for all (at most 64).
        public var types: [String]
        /// The number of `EVENTS` frames the server may send before it needs `CREDIT`.
        public var credit: UInt32

        /// Creates a `SUBSCRIBE`.
        public init(afterOffset: UInt64, types: [String] = [], credit: UInt32) {
            self.afterOffset = afterOffset
            self.types = types
            self.credit = credit
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> Subscribe {
            let afterOffset = try buffer.readWireInteger("after_offset", as: UInt64.self)
            let types = try buffer.readTypeFilters()
            let credit = try buffer.readWireInteger("credit", as: UInt32.self)
            return Subscribe(afterOffset: afterOffset, types: types, credit: credit)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.afterOffset)
            buffer.writeTypeFilters(self.types)
            buffer.writeInteger(self.credit)
        }
    }
}
