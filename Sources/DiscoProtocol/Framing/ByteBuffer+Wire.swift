import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading and writing the protocol's primitive types (`protocol/README.md`, "Conventions").
///
/// Readers throw `MALFORMED_FRAME`/`truncated` when the buffer ends inside the field and never read
/// past the readable bytes; lengths are checked against the readable bytes before anything is allocated.
extension ByteBuffer {
    mutating func readWireInteger<T: FixedWidthInteger>(_ field: String, as: T.Type = T.self) throws(ProtocolError) -> T
    {
        guard let value = self.readInteger(as: T.self) else { throw .truncated(field) }
        return value
    }

    /// `bool`: one byte, 0 or 1.
    mutating func readWireBool(_ field: String) throws(ProtocolError) -> Bool {
        switch try self.readWireInteger(field, as: UInt8.self) {
        case 0: return false
        case 1: return true
        case let other: throw .malformed(.invalidBool, "\(field) is \(other), not 0 or 1")
        }
    }

    /// `string`: u16 byte length, then that many bytes of UTF-8.
    mutating func readWireString(_ field: String) throws(ProtocolError) -> String {
        let length = Int(try self.readWireInteger("\(field) length", as: UInt16.self))
        guard let bytes = self.readSlice(length: length) else { throw .truncated(field) }
        let string = bytes.withUnsafeReadableBytes { String(validating: $0, as: UTF8.self) }
        guard let string else {
            throw ProtocolError(code: .invalidUTF8, kind: .invalidUTF8, message: "\(field) is not valid UTF-8")
        }
        return string
    }

    /// `bytes`: u32 byte length, then that many bytes, returned as a slice (no copy).
    mutating func readWireBytes(_ field: String) throws(ProtocolError) -> ByteBuffer {
        let length = try self.readWireInteger("\(field) length", as: UInt32.self)
        guard length <= self.readableBytes, let bytes = self.readSlice(length: Int(length)) else {
            throw .truncated(field)
        }
        return bytes
    }

    /// `uuid`: 16 bytes in RFC 9562 order.
    mutating func readWireUUID(_ field: String) throws(ProtocolError) -> UUID {
        guard
            let (high, low) = self.readMultipleIntegers(as: (UInt64, UInt64).self)
        else { throw .truncated(field) }
        return UUID(high: high, low: low)
    }

    /// Throws `trailing_bytes` unless every readable byte has been consumed.
    func expectFullyConsumed() throws(ProtocolError) {
        if self.readableBytes > 0 {
            throw .trailingBytes(self.readableBytes)
        }
    }

    mutating func writeWireBool(_ value: Bool) {
        self.writeInteger(value ? 1 : 0, as: UInt8.self)
    }

    /// Writes a `string`. The caller guarantees at most 65,535 UTF-8 bytes (see ``ProtocolLimits``).
    mutating func writeWireString(_ value: String) {
        let lengthIndex = self.writerIndex
        self.writeInteger(0, as: UInt16.self)
        let length = self.writeString(value)
        precondition(length <= UInt16.max, "a string field holds at most 65,535 bytes")
        self.setInteger(UInt16(length), at: lengthIndex)
    }

    /// Writes a `bytes` field.
    mutating func writeWireBytes(_ value: ByteBuffer) {
        self.writeInteger(UInt32(value.readableBytes))
        self.writeImmutableBuffer(value)
    }

    mutating func writeWireUUID(_ value: UUID) {
        let (high, low) = value.wireHalves
        self.writeMultipleIntegers(high, low)
    }
}

extension UUID {
    /// Creates a UUID from its 16 bytes read as two big-endian halves.
    init(high: UInt64, low: UInt64) {
        let h = high.bigEndian
        let l = low.bigEndian
        let bytes = withUnsafeBytes(of: (h, l)) { raw in
            (
                raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]
            )
        }
        self.init(uuid: bytes)
    }

    /// The 16 bytes as two big-endian halves.
    var wireHalves: (high: UInt64, low: UInt64) {
        withUnsafeBytes(of: self.uuid) { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
    }
}
