import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An event to store, as sent in `EMIT`: `uuid id, string type, string aggregate_id, bytes payload, bytes meta`.
public struct NewEventRecord: EventRecord {
    /// The event's id, chosen by the emitter; emitting the same id twice is idempotent.
    public var id: UUID
    /// The event type (1...255 UTF-8 bytes).
    public var type: String
    /// The aggregate the event belongs to, or `nil` (sent as an empty string).
    public var aggregateID: String?
    /// The opaque payload.
    public var payload: ByteBuffer
    /// The opaque metadata.
    public var meta: ByteBuffer

    /// Creates a record. An empty `aggregateID` means no aggregate, like `nil`.
    public init(id: UUID, type: String, aggregateID: String?, payload: ByteBuffer, meta: ByteBuffer) {
        self.id = id
        self.type = type
        self.aggregateID = aggregateID?.isEmpty == true ? nil : aggregateID
        self.payload = payload
        self.meta = meta
    }

    /// The number of bytes ``encode(into:)`` appends.
    public var encodedSize: Int {
        16 + self.type.wireSize + (self.aggregateID ?? "").wireSize + 4 + self.payload.readableBytes + 4
            + self.meta.readableBytes
    }

    /// Appends the record.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireUUID(self.id)
        buffer.writeWireString(self.type)
        buffer.writeWireString(self.aggregateID ?? "")
        buffer.writeWireBytes(self.payload)
        buffer.writeWireBytes(self.meta)
    }

    /// Reads one record; `payload` and `meta` are slices of `buffer`.
    public static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> NewEventRecord {
        let id = try buffer.readWireUUID("id")
        let type = try buffer.readWireString("type")
        let aggregateID = try buffer.readWireString("aggregate_id")
        let payload = try buffer.readWireBytes("payload")
        let meta = try buffer.readWireBytes("meta")
        return NewEventRecord(id: id, type: type, aggregateID: aggregateID, payload: payload, meta: meta)
    }

    /// Checks one record and skips it.
    public static func validate(from buffer: inout ByteBuffer) throws(ProtocolError) {
        try buffer.skipWireFixed("id", length: 16)
        try buffer.skipWireString("type")
        try buffer.skipWireString("aggregate_id")
        try buffer.skipWireBytes("payload")
        try buffer.skipWireBytes("meta")
    }
}
