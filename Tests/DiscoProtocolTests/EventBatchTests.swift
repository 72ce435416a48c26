import CompressNIO
import DiscoProtocol
import Foundation
import NIOCore
import Testing

@Suite struct EventBatchTests {
    static func record(_ index: Int, payloadSize: Int = 200) -> StoredEventRecord {
        let payload = String(
            "{\"order\":\"ord-\(index)\",\"customer\":\"cus-\(index % 97)\",\"lines\":[{\"sku\":\"SKU-\(index % 13)\"}]"
                + String(repeating: " ", count: max(0, payloadSize - 60))
                + "}"
                .prefix(payloadSize)
        )
        return StoredEventRecord(
            offset: UInt64(index + 1),
            id: UUID(),
            aggregateVersion: UInt64(index % 10 + 1),
            emittedAt: 1_764_201_600_000_000 + Int64(index),
            type: "OrderLineAdded",
            aggregateID: "order-\(index / 10)",
            payload: ByteBuffer(string: payload),
            meta: ByteBuffer(string: "{\"trace\":\"\(index)\"}")
        )
    }

    static func roundTrip(
        _ batch: EventBatch<StoredEventRecord>,
        maxRecordsSize: Int = 1 << 24
    ) throws
        -> (EventBatch<StoredEventRecord>, ByteBuffer)
    {
        var buffer = ByteBuffer()
        batch.encode(into: &buffer)
        let wire = buffer
        return (try EventBatch<StoredEventRecord>.decode(from: &buffer, maxRecordsSize: maxRecordsSize), wire)
    }

    @Test func writerAppendsIntoOneBufferAndIterates() throws {
        var writer = EventBatchWriter<StoredEventRecord>(capacity: 1024)
        let records = (0..<100).map { Self.record($0) }
        for record in records {
            writer.append(record)
        }
        #expect(writer.eventCount == 100)
        #expect(writer.recordsSize == records.reduce(0) { $0 + $1.encodedSize })
        let batch = writer.finish(codec: .none)
        #expect(writer.eventCount == 0)
        #expect(writer.recordsSize == 0)
        #expect(Array(batch) == records)
    }

    @Test func compressesLargeCompressibleBatches() throws {
        let batch = EventBatch((0..<1000).map { Self.record($0) }, codec: .zlib)
        let (decoded, wire) = try Self.roundTrip(batch)
        #expect(wire.getInteger(at: 0, as: UInt8.self) == BatchCodec.zlib.rawValue)
        #expect(wire.readableBytes < batch.recordsSize / 3)
        #expect(decoded.codec == .zlib)
        #expect(Array(decoded) == Array(batch))
    }

    @Test func leavesSmallBatchesUncompressed() throws {
        let batch = EventBatch([Self.record(1, payloadSize: 10)], codec: .zlib)
        #expect(batch.recordsSize < EventBatch<StoredEventRecord>.compressionThreshold)
        let (decoded, _) = try Self.roundTrip(batch)
        #expect(decoded.codec == .none)
        #expect(Array(decoded) == Array(batch))
    }

    @Test func fallsBackToRawWhenCompressionDoesNotHelp() throws {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        let record = NewEventRecord(
            id: UUID(),
            type: "Noise",
            aggregateID: nil,
            payload: ByteBuffer(bytes: noise),
            meta: ByteBuffer()
        )
        let batch = EventBatch([record], codec: .zlib)
        var buffer = ByteBuffer()
        batch.encode(into: &buffer)
        #expect(buffer.getInteger(at: 0, as: UInt8.self) == BatchCodec.none.rawValue)
        let decoded = try EventBatch<NewEventRecord>.decode(from: &buffer, maxRecordsSize: 1 << 20)
        #expect(Array(decoded) == [record])
    }

    @Test func payloadsAreSlicesOfTheRecordBytes() throws {
        let (decoded, _) = try Self.roundTrip(EventBatch([Self.record(1)]))
        let record = try #require(decoded.first(where: { _ in true }))
        let sameStorage = record.payload.withUnsafeReadableBytes { payload in
            decoded.recordBytes.withUnsafeReadableBytes { records in
                payload.baseAddress! >= records.baseAddress!
                    && payload.baseAddress! < records.baseAddress! + records.count
            }
        }
        #expect(sameStorage)
    }

    /// A 64 MiB run of zeros deflates to ~64 KiB; with a small records_size the receiver must stop early.
    @Test func decompressionBombIsStoppedAtRecordsSize() throws {
        var zeros = ByteBuffer(repeating: 0, count: 64 << 20)
        let bomb = try zeros.compress(with: .zlib())
        for recordsSize in [0, 1000, 1 << 16] {
            var block = ByteBuffer()
            block.writeMultipleIntegers(BatchCodec.zlib.rawValue, UInt32(1), UInt32(recordsSize))
            block.writeImmutableBuffer(bomb)
            let error = #expect(throws: ProtocolError.self) {
                try EventBatch<StoredEventRecord>.decode(from: &block, maxRecordsSize: 1 << 20)
            }
            #expect(error?.code == .decompressionFailed)
            #expect(error?.kind == .inflatedSizeMismatch)
        }
    }

    @Test func recordsSizeOverTheLimitIsRefusedBeforeInflating() throws {
        var block = ByteBuffer()
        block.writeMultipleIntegers(BatchCodec.zlib.rawValue, UInt32(1), UInt32.max)
        block.writeBytes([0x78, 0x9C])
        let error = #expect(throws: ProtocolError.self) {
            try EventBatch<StoredEventRecord>.decode(from: &block, maxRecordsSize: 1 << 24)
        }
        #expect(error?.kind == .recordsSizeOverLimit)
    }
}
