import NIOCore

/// The details of a `VERSION_CONFLICT` error: `string aggregate_id, u8 kind, u64 expected, u64 actual`.
public struct VersionConflictDetails: Hashable, Sendable {
    /// The aggregate whose expectation failed.
    public var aggregateID: String
    /// What the emit expected.
    public var expected: ExpectedVersion
    /// The aggregate's actual current version (0 when it has no events).
    public var actual: UInt64

    /// Creates the details.
    public init(aggregateID: String, expected: ExpectedVersion, actual: UInt64) {
        self.aggregateID = aggregateID
        self.expected = expected
        self.actual = actual
    }

    static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> VersionConflictDetails {
        let aggregateID = try buffer.readWireString("aggregate_id")
        let expected = try ExpectedVersion.decode(from: &buffer)
        let actual = try buffer.readWireInteger("actual", as: UInt64.self)
        return VersionConflictDetails(aggregateID: aggregateID, expected: expected, actual: actual)
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(self.aggregateID)
        self.expected.encode(into: &buffer)
        buffer.writeInteger(self.actual)
    }
}
