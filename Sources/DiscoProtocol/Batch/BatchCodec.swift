/// How a batch's records are encoded on the wire: the `u8 codec` of a batch block, and the codec numbers
/// negotiated in `HELLO`/`HELLO_OK`.
public enum BatchCodec: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// 0: the records follow as they are.
    case none = 0
    /// 1: the records follow as one zlib stream (RFC 1950).
    case zlib = 1

    /// `none` or `zlib`.
    public var description: String {
        switch self {
        case .none: "none"
        case .zlib: "zlib"
        }
    }
}
