import NIOCore

/// A record inside a batch block: ``StoredEventRecord`` in `EVENTS`, ``NewEventRecord`` in `EMIT`.
public protocol EventRecord: Hashable, Sendable {
    /// The number of bytes ``encode(into:)`` appends.
    var encodedSize: Int { get }

    /// Appends the record.
    func encode(into buffer: inout ByteBuffer)

    /// Reads one record; `payload` and `meta` are slices of `buffer` (no copy).
    static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> Self

    /// Checks one record's structure and UTF-8 and skips it, without building strings.
    static func validate(from buffer: inout ByteBuffer) throws(ProtocolError)
}

extension ByteBuffer {
    /// Skips a `string` field, checking its UTF-8.
    mutating func skipWireString(_ field: String) throws(ProtocolError) {
        let length = Int(try self.readWireInteger("\(field) length", as: UInt16.self))
        guard let bytes = self.readSlice(length: length) else { throw .truncated(field) }
        guard bytes.withUnsafeReadableBytes({ UTF8Validation.isValid($0) }) else {
            throw ProtocolError(code: .invalidUTF8, kind: .invalidUTF8, message: "\(field) is not valid UTF-8")
        }
    }

    /// Skips a `bytes` field.
    mutating func skipWireBytes(_ field: String) throws(ProtocolError) {
        _ = try self.readWireBytes(field)
    }

    /// Skips a fixed-size field.
    mutating func skipWireFixed(_ field: String, length: Int) throws(ProtocolError) {
        guard self.readableBytes >= length else { throw .truncated(field) }
        self.moveReaderIndex(forwardBy: length)
    }
}

extension String {
    /// The size of this string as a `string` field: 2 length bytes plus its UTF-8.
    var wireSize: Int {
        2 + self.utf8.count
    }
}
