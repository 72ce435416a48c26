import NIOCore

extension ServerMessage {
    /// `EMITTED` (0x90): the events of an `EMIT` are stored.
    ///
    /// `bool replayed, u32 count`, then per event, in request order, `u64 offset, u64 aggregate_version,
    /// i64 emitted_at`.
    public struct Emitted: Hashable, Sendable {
        /// Where one event was stored.
        public struct StoredPosition: Hashable, Sendable {
            /// The event's offset.
            public var offset: UInt64
            /// Its version within its aggregate; 0 when it has none.
            public var aggregateVersion: UInt64
            /// When it was stored: microseconds since the Unix epoch, UTC.
            public var emittedAt: Int64

            /// Creates a position.
            public init(offset: UInt64, aggregateVersion: UInt64, emittedAt: Int64) {
                self.offset = offset
                self.aggregateVersion = aggregateVersion
                self.emittedAt = emittedAt
            }
        }

        /// `true` when every id was already stored: this repeats the result of an earlier identical emit.
        public var replayed: Bool
        /// One position per emitted event, in request order.
        public var events: [StoredPosition]

        /// Creates an `EMITTED`.
        public init(replayed: Bool, events: [StoredPosition]) {
            self.replayed = replayed
            self.events = events
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> Emitted {
            let replayed = try buffer.readWireBool("replayed")
            let count = Int(try buffer.readWireInteger("count", as: UInt32.self))
            guard count <= buffer.readableBytes / 24 else { throw .truncated("emitted events") }
            var events: [StoredPosition] = []
            events.reserveCapacity(count)
            for _ in 0..<count {
                guard let (offset, version, emittedAt) = buffer.readMultipleIntegers(as: (UInt64, UInt64, Int64).self)
                else { throw .truncated("emitted event") }
                events.append(StoredPosition(offset: offset, aggregateVersion: version, emittedAt: emittedAt))
            }
            return Emitted(replayed: replayed, events: events)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeWireBool(self.replayed)
            buffer.writeInteger(UInt32(self.events.count))
            for event in self.events {
                buffer.writeMultipleIntegers(event.offset, event.aggregateVersion, event.emittedAt)
            }
        }
    }
}
