import NIOCore

/// What an emit expects of an aggregate's current version (an `EMIT` expectation, and the `kind` and
/// `expected` fields of `VERSION_CONFLICT` details).
///
/// On the wire: `u8 kind` (1 = no events yet, 2 = exactly `version`), then `u64 version` (0 for kind 1).
public enum ExpectedVersion: Hashable, Sendable {
    /// The aggregate has no events yet (kind 1).
    case noEvents
    /// The aggregate's current version is exactly this one (kind 2).
    case exactly(UInt64)

    /// The `kind` byte.
    public var kind: UInt8 {
        switch self {
        case .noEvents: 1
        case .exactly: 2
        }
    }

    /// The `version` field: 0 for ``noEvents``.
    public var version: UInt64 {
        switch self {
        case .noEvents: 0
        case .exactly(let version): version
        }
    }

    /// Reads `u8 kind, u64 version`; kind 1 requires version 0.
    static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ExpectedVersion {
        let kind = try buffer.readWireInteger("expectation kind", as: UInt8.self)
        let version = try buffer.readWireInteger("expected version", as: UInt64.self)
        switch kind {
        case 1:
            guard version == 0 else {
                throw .malformed(.nonzeroUnusedField, "expected version is \(version) with kind 1 (no events)")
            }
            return .noEvents
        case 2:
            return .exactly(version)
        default:
            throw .malformed(.invalidEnumValue, "expectation kind is \(kind), not 1 or 2")
        }
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(self.kind, self.version)
    }
}
