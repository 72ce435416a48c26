import NIOCore

/// Builds an ``EventBatch`` by appending records into one growing buffer: no allocation per record.
///
/// ```swift
/// var writer = EventBatchWriter<StoredEventRecord>()
/// for row in rows {
///     if writer.recordsSize + record.encodedSize > budget { send(writer.finish(codec: .zlib)) }
///     writer.append(record)
/// }
/// ```
public struct EventBatchWriter<Record: EventRecord>: Sendable {
    private let allocator: ByteBufferAllocator
    private let initialCapacity: Int
    private var buffer: ByteBuffer
    /// The number of records appended since the last ``finish(codec:)``.
    public private(set) var eventCount: Int = 0

    /// Creates a writer whose buffers start with `capacity` bytes.
    public init(allocator: ByteBufferAllocator = ByteBufferAllocator(), capacity: Int = 64 * 1024) {
        self.allocator = allocator
        self.initialCapacity = capacity
        self.buffer = allocator.buffer(capacity: capacity)
    }

    /// The size of the records appended so far: the batch's `records_size`.
    public var recordsSize: Int {
        self.buffer.readableBytes
    }

    /// Appends one record.
    public mutating func append(_ record: Record) {
        record.encode(into: &self.buffer)
        self.eventCount += 1
    }

    /// Returns the records appended so far as a batch, and starts a new, empty one.
    public mutating func finish(codec: BatchCodec) -> EventBatch<Record> {
        let batch = EventBatch<Record>(codec: codec, eventCount: self.eventCount, recordBytes: self.buffer)
        self.buffer = self.allocator.buffer(capacity: self.initialCapacity)
        self.eventCount = 0
        return batch
    }
}
