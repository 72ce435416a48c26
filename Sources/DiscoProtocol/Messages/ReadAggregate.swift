import NIOCore

extension ClientMessage {
    /// `READ_AGGREGATE` (0x20): streams one aggregate's events in version order.
    ///
    /// `string aggregate_id, u64 from_version, u32 limit, u32 credit`.
    public struct ReadAggregate: Hashable, Sendable {
        /// The aggregate (non-empty).
        public var aggregateID: String
        /// The first version to send (inclusive, at least 1).
        public var fromVersion: UInt64
        /// The most events to send; 0 for no limit.
        public var limit: UInt32
        /// The number of `EVENTS` frames the server may send before it needs `CREDIT`.
        public var credit: UInt32

        /// Creates a `READ_AGGREGATE`.
        public init(aggregateID: String, fromVersion: UInt64 = 1, limit: UInt32 = 0, credit: UInt32) {
            self.aggregateID = aggregateID
            self.fromVersion = fromVersion
            self.limit = limit
            self.credit = credit
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ReadAggregate {
            let aggregateID = try buffer.readWireString("aggregate_id")
            let fromVersion = try buffer.readWireInteger("from_version", as: UInt64.self)
            let limit = try buffer.readWireInteger("limit", as: UInt32.self)
            let credit = try buffer.readWireInteger("credit", as: UInt32.self)
            return ReadAggregate(aggregateID: aggregateID, fromVersion: fromVersion, limit: limit, credit: credit)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeWireString(self.aggregateID)
            buffer.writeMultipleIntegers(self.fromVersion, self.limit, self.credit)
        }
    }
}
