import NIOCore

/// The fixed 10-byte header that starts every frame.
///
/// ```
/// off size field
/// 0   u32  length      bytes that follow this field (opcode + flags + request_id + body); >= 6
/// 4   u8   opcode
/// 5   u8   flags       must be 0 in v1
/// 6   u32  request_id
/// ```
public struct FrameHeader: Hashable, Sendable {
    /// The size of the header in bytes.
    public static let size = 10

    /// The smallest valid `length` field: opcode, flags and request id, with an empty body.
    public static let minimumLength: UInt32 = 6

    /// The `length` field: the bytes that follow it (6 header bytes plus the body).
    public var length: UInt32
    /// The raw opcode byte; see ``opcode`` for the known ones.
    public var rawOpcode: UInt8
    /// The flags byte; protocol v1 defines no flags, so it must be 0.
    public var flags: UInt8
    /// The request this frame belongs to; 0 for connection-level server frames.
    public var requestID: UInt32

    /// Creates a header from its fields.
    public init(length: UInt32, rawOpcode: UInt8, flags: UInt8 = 0, requestID: UInt32) {
        self.length = length
        self.rawOpcode = rawOpcode
        self.flags = flags
        self.requestID = requestID
    }

    /// The opcode, or `nil` when the byte is not defined by protocol v1.
    public var opcode: Opcode? {
        Opcode(rawValue: self.rawOpcode)
    }

    /// The size of the whole frame: the 4-byte length field plus `length`.
    public var frameSize: Int {
        4 + Int(self.length)
    }

    /// The size of the body.
    public var bodySize: Int {
        Int(self.length) - Int(Self.minimumLength)
    }

    /// Reads a header without moving the reader index, or returns `nil` when fewer than 10 bytes are readable.
    public static func peek(in buffer: ByteBuffer) -> FrameHeader? {
        guard
            let (length, rawOpcode, flags, requestID) = buffer.getMultipleIntegers(
                at: buffer.readerIndex,
                as: (UInt32, UInt8, UInt8, UInt32).self
            )
        else { return nil }
        return FrameHeader(length: length, rawOpcode: rawOpcode, flags: flags, requestID: requestID)
    }

    /// Appends the header to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(self.length, self.rawOpcode, self.flags, self.requestID)
    }
}
