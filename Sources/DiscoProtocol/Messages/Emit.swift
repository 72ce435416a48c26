import NIOCore

extension ClientMessage {
    /// `EMIT` (0x10): stores a batch of events atomically, optionally guarded by expected aggregate versions.
    ///
    /// `u16 expectation_count`, then per expectation `string aggregate_id, u8 kind, u64 version`, then one
    /// batch block of ``NewEventRecord``s.
    public struct Emit: Hashable, Sendable {
        /// An expectation on one aggregate's current version.
        public struct Expectation: Hashable, Sendable {
            /// The aggregate (non-empty).
            public var aggregateID: String
            /// What its current version must be.
            public var expected: ExpectedVersion

            /// Creates an expectation.
            public init(aggregateID: String, expected: ExpectedVersion) {
                self.aggregateID = aggregateID
                self.expected = expected
            }
        }

        /// The expectations; aggregates without one accept any version.
        public var expectations: [Expectation]
        /// The events to store (at least one).
        public var events: EventBatch<NewEventRecord>

        /// Creates an `EMIT`.
        public init(expectations: [Expectation] = [], events: EventBatch<NewEventRecord>) {
            self.expectations = expectations
            self.events = events
        }

        static func decode(from buffer: inout ByteBuffer, maxRecordsSize: Int) throws(ProtocolError) -> Emit {
            let count = try buffer.readWireInteger("expectation_count", as: UInt16.self)
            var expectations: [Expectation] = []
            for _ in 0..<count {
                let aggregateID = try buffer.readWireString("expectation aggregate_id")
                let expected = try ExpectedVersion.decode(from: &buffer)
                expectations.append(Expectation(aggregateID: aggregateID, expected: expected))
            }
            let events = try EventBatch<NewEventRecord>.decode(from: &buffer, maxRecordsSize: maxRecordsSize)
            return Emit(expectations: expectations, events: events)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(UInt16(self.expectations.count))
            for expectation in self.expectations {
                buffer.writeWireString(expectation.aggregateID)
                expectation.expected.encode(into: &buffer)
            }
            self.events.encode(into: &buffer)
        }
    }
}
