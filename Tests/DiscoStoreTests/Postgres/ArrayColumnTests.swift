import NIOCore
import PostgresNIO
import Testing

import struct Foundation.UUID

@testable import DiscoStorePostgres

/// ``ArrayColumn`` writes exactly the bytes postgres-nio writes for the same array, and they decode back.
struct ArrayColumnTests {
    private static func bytes(of value: some PostgresNonThrowingEncodable) -> [UInt8] {
        var buffer = ByteBuffer()
        value.encode(into: &buffer, context: .default)
        return Array(buffer.readableBytesView)
    }

    private static func check<Element: ArrayColumnElement & PostgresArrayEncodable & PostgresNonThrowingEncodable>(
        _ elements: [Element]
    ) {
        #expect(
            Self.bytes(of: ArrayColumn(elements)) == Self.bytes(of: elements),
            "\(Element.self) × \(elements.count)"
        )
    }

    @Test func everyElementTypeIsWrittenAsPostgresNIOWritesIt() {
        Self.check([UUID(), UUID(), UUID()])
        Self.check(["OrderPlaced", "", "ünïcödé 🎉", String(repeating: "x", count: 300)])
        var sliced = ByteBuffer(string: "..payload")
        sliced.moveReaderIndex(forwardBy: 2)
        Self.check([ByteBuffer(string: "{}"), ByteBuffer(), sliced, ByteBuffer(repeating: 7, count: 5_000)])
        Self.check([Int32(0), 1, -1, .max, .min])
        Self.check([Int64(0), 1, -1, .max, .min])
        Self.check([UUID]())
        Self.check([String]())
        Self.check([ByteBuffer]())
        Self.check([Int32]())
        Self.check([Int64]())
    }

    @Test func theWrittenArrayDecodesBack() throws {
        let ids = (0..<1_000).map { _ in UUID() }
        var buffer = ByteBuffer()
        ArrayColumn(ids).encode(into: &buffer, context: .default)
        let decoded = try [UUID](from: &buffer, type: .uuidArray, format: .binary, context: .default)
        #expect(decoded == ids)
    }
}
