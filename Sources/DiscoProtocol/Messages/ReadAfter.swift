import NIOCore

extension ClientMessage {
    /// `READ_AFTER` (0x22): streams every event after an offset, optionally only some types.
    ///
    /// `u64 after_offset, u32 limit, u16 type_count, type_count × string, u32 credit`.
    public struct ReadAfter: Hashable, Sendable {
        /// Send events with offsets above this one.
        public var afterOffset: UInt64
        /// The most events to send; 0 for no limit.
        public var limit: UInt32
        /// The event types to send; empty for all (at most 64).
        public var types: [String]
        /// The number of `EVENTS` frames the server may send before it needs `CREDIT`.
        public var credit: UInt32

        /// Creates a `READ_AFTER`.
        public init(afterOffset: UInt64, limit: UInt32 = 0, types: [String] = [], credit: UInt32) {
            self.afterOffset = afterOffset
            self.limit = limit
            self.types = types
            self.credit = credit
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ReadAfter {
            let afterOffset = try buffer.readWireInteger("after_offset", as: UInt64.self)
            let limit = try buffer.readWireInteger("limit", as: UInt32.self)
            let types = try buffer.readTypeFilters()
            let credit = try buffer.readWireInteger("credit", as: UInt32.self)
            return ReadAfter(afterOffset: afterOffset, limit: limit, types: types, credit: credit)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeMultipleIntegers(self.afterOffset, self.limit)
            buffer.writeTypeFilters(self.types)
            buffer.writeInteger(self.credit)
        }
    }
}
