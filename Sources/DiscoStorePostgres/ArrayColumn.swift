import NIOCore
import PostgresNIO

import struct Foundation.UUID

/// A group commit's column (ids, types, payloads, …) bound as a one-dimensional PostgreSQL array in binary
/// format, written in one pass.
///
/// postgres-nio encodes `[Element]` element by element, with three `ByteBuffer` writes per element (a length
/// placeholder, the value, the length), each checking capacity and exclusive access: for the 6,000 elements of a
/// 1,000-event group that was a third of the appender's CPU time. This computes the array's size first and copies
/// every element into one reserved region. The layout is PostgreSQL's `array_recv` format (as postgres-nio
/// writes it): dimensions (0 for an empty array, else 1), a has-nulls flag (0: no element is NULL), the element
/// type, then per dimension its length and lower bound (1), then each element as a 32-bit length and its bytes.
struct ArrayColumn<Element: ArrayColumnElement>: PostgresNonThrowingEncodable, Sendable {
    static var psqlType: PostgresDataType { Element.arrayType }
    static var psqlFormat: PostgresFormat { .binary }

    let elements: [Element]

    init(_ elements: [Element]) {
        self.elements = elements
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        let headerSize = self.elements.isEmpty ? 12 : 20
        let size = self.elements.reduce(headerSize) { $0 + 4 + $1.encodedSize }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { bytes in
            var writer = RawWriter(bytes: bytes)
            writer.write(UInt32(self.elements.isEmpty ? 0 : 1))
            writer.write(UInt32(0))
            writer.write(Element.elementType.rawValue)
            if !self.elements.isEmpty {
                writer.write(UInt32(self.elements.count))
                writer.write(UInt32(1))
                for element in self.elements {
                    writer.write(UInt32(element.encodedSize))
                    element.write(to: &writer)
                }
            }
            return writer.offset
        }
    }
}

/// A value that ``ArrayColumn`` can write: its PostgreSQL types, its size and its binary form.
protocol ArrayColumnElement: Sendable {
    /// The PostgreSQL type of one element.
    static var elementType: PostgresDataType { get }
    /// The PostgreSQL type of an array of them.
    static var arrayType: PostgresDataType { get }
    /// The size of the element's binary form, in bytes.
    var encodedSize: Int { get }
    /// Writes the element's binary form, ``encodedSize`` bytes.
    func write(to writer: inout RawWriter)
}

/// Writes big-endian integers and bytes into reserved memory, front to back.
struct RawWriter {
    let bytes: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(bytes: UnsafeMutableRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func write<Integer: FixedWidthInteger>(_ value: Integer) {
        self.bytes.storeBytes(of: value.bigEndian, toByteOffset: self.offset, as: Integer.self)
        self.offset += MemoryLayout<Integer>.size
    }

    mutating func write(_ source: UnsafeRawBufferPointer) {
        UnsafeMutableRawBufferPointer(rebasing: self.bytes[self.offset...]).copyMemory(from: source)
        self.offset += source.count
    }
}

extension UUID: ArrayColumnElement {
    static var elementType: PostgresDataType { .uuid }
    static var arrayType: PostgresDataType { .uuidArray }
    var encodedSize: Int { 16 }

    func write(to writer: inout RawWriter) {
        withUnsafeBytes(of: self.uuid) { writer.write($0) }
    }
}

extension String: ArrayColumnElement {
    static var elementType: PostgresDataType { .text }
    static var arrayType: PostgresDataType { .textArray }
    var encodedSize: Int { self.utf8.count }

    func write(to writer: inout RawWriter) {
        var string = self
        string.withUTF8 { writer.write(UnsafeRawBufferPointer($0)) }
    }
}

extension ByteBuffer: ArrayColumnElement {
    static var elementType: PostgresDataType { .bytea }
    static var arrayType: PostgresDataType { .byteaArray }
    var encodedSize: Int { self.readableBytes }

    func write(to writer: inout RawWriter) {
        self.withUnsafeReadableBytes { writer.write($0) }
    }
}

extension ArrayColumnElement where Self: FixedWidthInteger {
    var encodedSize: Int { MemoryLayout<Self>.size }

    func write(to writer: inout RawWriter) {
        writer.write(self)
    }
}

extension Int32: ArrayColumnElement {
    static var elementType: PostgresDataType { .int4 }
    static var arrayType: PostgresDataType { .int4Array }
}

extension Int64: ArrayColumnElement {
    static var elementType: PostgresDataType { .int8 }
    static var arrayType: PostgresDataType { .int8Array }
}
