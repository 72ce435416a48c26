import NIOCore

extension ServerMessage {
    /// `STREAM_END` (0xA2): the final frame of a read stream.
    ///
    /// `u8 reason, u64 event_count, u64 last_position`.
    public struct StreamEnd: Hashable, Sendable {
        /// Why the stream ended.
        public enum Reason: UInt8, Hashable, Sendable {
            /// 0: no more data (the head as of the moment the read started).
            case complete = 0
            /// 1: the request's limit was reached; more may exist.
            case limitReached = 1
            /// 2: the client sent `CANCEL`.
            case cancelled = 2
        }

        /// Why the stream ended.
        public var reason: Reason
        /// The number of events sent on this stream.
        public var eventCount: UInt64
        /// The offset of the last event sent (its aggregate version for `READ_AGGREGATE`), or the starting
        /// position when none was sent; the next page starts after it.
        public var lastPosition: UInt64

        /// Creates a `STREAM_END`.
        public init(reason: Reason, eventCount: UInt64, lastPosition: UInt64) {
            self.reason = reason
            self.eventCount = eventCount
            self.lastPosition = lastPosition
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> StreamEnd {
            let rawReason = try buffer.readWireInteger("reason", as: UInt8.self)
            let eventCount = try buffer.readWireInteger("event_count", as: UInt64.self)
            let lastPosition = try buffer.readWireInteger("last_position", as: UInt64.self)
            guard let reason = Reason(rawValue: rawReason) else {
                throw .malformed(.invalidEnumValue, "stream end reason is \(rawReason), not 0, 1 or 2")
            }
            return StreamEnd(reason: reason, eventCount: eventCount, lastPosition: lastPosition)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeMultipleIntegers(self.reason.rawValue, self.eventCount, self.lastPosition)
        }
    }
}
