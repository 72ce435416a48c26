/// A version of the Disco wire protocol, as negotiated in the handshake.
public struct ProtocolVersion: RawRepresentable, Hashable, Comparable, Sendable {
    /// The version number sent on the wire (a `u16`).
    public var rawValue: UInt16

    /// Creates a version from its wire number.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Protocol version 1, described in `protocol/README.md`.
    public static let v1 = ProtocolVersion(rawValue: 1)

    /// The oldest version this implementation speaks.
    public static let minimumSupported = ProtocolVersion.v1

    /// The newest version this implementation speaks.
    public static let maximumSupported = ProtocolVersion.v1

    public static func < (lhs: ProtocolVersion, rhs: ProtocolVersion) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
