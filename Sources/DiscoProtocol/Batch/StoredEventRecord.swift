import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stored event as sent in `EVENTS`:
/// `u64 offset, uuid id, u64 aggregate_version, i64 emitted_at, string type, string aggregate_id, bytes payload,
/// bytes meta`.
public struct StoredEventRecord: EventRecord {
    /// The event's global, commit-ordered position (starts at 1).
    public var offset: UInt64
    /// The id the emitter gave the event.
    public var id: UUID
    /// The event's version within its aggregate (starts at 1); 0 when it has no aggregate.
    public var aggregateVersion: UInt64
    /// When the event was stored: microseconds since the Unix epoch, UTC.
    public var emittedAt: Int64
    /// The event type (1...255 UTF-8 bytes).
    public var type: String
    /// The aggregate the event belongs to, or `nil` (sent as an empty string).
    public var aggregateID: String?
    /// The opaque payload.
    public var payload: ByteBuffer
    /// The opaque metadata.
    public var meta: ByteBuffer

    /// Creates a record. An empty `aggregateID` means no aggregate, like `nil`.
    public init(
        offset: UInt64,
        id: UUID,
        aggregateVersion: UInt64,
        emittedAt: Int64,
        type: String,
        aggregateID: String?,
        payload: ByteBuffer,
        meta: ByteBuffer
    ) {
        self.offset = offset
        self.id = id
        self.aggregateVersion = aggregateVersion
        self.emittedAt = emittedAt
        self.type = type
        self.aggregateID = aggregateID?.isEmpty == true ? nil : aggregateID
        self.payload = payload
        self.meta = meta
    }

    /// The number of bytes ``encode(into:)`` appends.
    public var encodedSize: Int {
        8 + 16 + 8 + 8 + self.type.wireSize + (self.aggregateID ?? "").wireSize + 4 + self.payload.readableBytes
            + 4 + self.meta.readableBytes
    }

    /// Appends the record.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(self.offset)
        buffer.writeWireUUID(self.id)
        buffer.writeMultipleIntegers(self.aggregateVersion, self.emittedAt)
        buffer.writeWireString(self.type)
        buffer.writeWireString(self.aggregateID ?? "")
        buffer.writeWireBytes(self.payload)
        buffer.writeWireBytes(self.meta)
    }

    /// Reads one record; `payload` and `meta` are slices of `buffer`.
    public static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> StoredEventRecord {
        let offset = try buffer.readWireInteger("offset", as: UInt64.self)
        let id = try buffer.readWireUUID("id")
        let aggregateVersion = try buffer.readWireInteger("aggregate_version", as: UInt64.self)
        let emittedAt = try buffer.readWireInteger("emitted_at", as: Int64.self)
        let type = try buffer.readWireString("type")
        let aggregateID = try buffer.readWireString("aggregate_id")
        let payload = try buffer.readWireBytes("payload")
        let meta = try buffer.readWireBytes("meta")
        return StoredEventRecord(
            offset: offset,
            id: id,
            aggregateVersion: aggregateVersion,
            emittedAt: emittedAt,
            type: type,
            aggregateID: aggregateID,
            payload: payload,
            meta: meta
        )
    }

    /// Checks one record and skips it.
    public static func validate(from buffer: inout ByteBuffer) throws(ProtocolError) {
        try buffer.skipWireFixed("offset, id, aggregate_version, emitted_at", length: 8 + 16 + 8 + 8)
        try buffer.skipWireString("type")
        try buffer.skipWireString("aggregate_id")
        try buffer.skipWireBytes("payload")
        try buffer.skipWireBytes("meta")
    }
}
