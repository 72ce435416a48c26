import NIOCore

/// A batch block: the events of one `EVENTS` frame (``StoredEventRecord``) or one `EMIT` (``NewEventRecord``).
///
/// On the wire: `u8 codec, u32 event_count, u32 records_size`, then the records — raw, or one zlib stream
/// that inflates to exactly `records_size` bytes. In memory a batch always holds the uncompressed record
/// bytes, already checked, and iterates them as `Record` values whose `payload` and `meta` are slices of
/// those bytes (no copies). Build batches on the hot path with ``EventBatchWriter``.
public struct EventBatch<Record: EventRecord>: Hashable, Sendable, Sequence {
    /// The size of a batch block's header (`codec`, `event_count`, `records_size`).
    public static var headerSize: Int { 9 }

    /// The codec: as received after decoding; the codec to use (when worth it) when encoding.
    public var codec: BatchCodec
    /// The number of records.
    public private(set) var eventCount: Int
    /// The uncompressed records, back to back.
    public private(set) var recordBytes: ByteBuffer

    /// Creates a batch from record bytes that are known to hold exactly `eventCount` valid records.
    init(codec: BatchCodec, eventCount: Int, recordBytes: ByteBuffer) {
        self.codec = codec
        self.eventCount = eventCount
        self.recordBytes = recordBytes
    }

    /// Creates a batch of `records`.
    public init(_ records: some Collection<Record>, codec: BatchCodec = .none) {
        var writer = EventBatchWriter<Record>(capacity: records.reduce(0) { $0 + $1.encodedSize })
        for record in records {
            writer.append(record)
        }
        self = writer.finish(codec: codec)
    }

    /// `records_size`: the size of the uncompressed records.
    public var recordsSize: Int {
        self.recordBytes.readableBytes
    }

    /// Iterates the records in order.
    public func makeIterator() -> Iterator {
        Iterator(remaining: self.eventCount, bytes: self.recordBytes)
    }

    /// The number of records.
    public var underestimatedCount: Int {
        self.eventCount
    }

    /// Iterates a batch's records.
    public struct Iterator: IteratorProtocol, Sendable {
        var remaining: Int
        var bytes: ByteBuffer

        /// The next record, or `nil` after the last one.
        public mutating func next() -> Record? {
            guard self.remaining > 0 else { return nil }
            self.remaining -= 1
            // The bytes were validated when the batch was decoded or written, so this cannot fail.
            return try? Record.decode(from: &self.bytes)
        }
    }
}
