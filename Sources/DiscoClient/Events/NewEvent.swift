import DiscoEventID
import DiscoProtocol
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An event to emit.
///
/// Every event carries an ``id``: a retried emit with the same ids is recognised by the server and stored only
/// once. Leave it out and a time-ordered UUIDv7 is generated.
public struct NewEvent: Hashable, Sendable {
    /// The event's id; emitting the same id twice is idempotent.
    public var id: UUID
    /// The event type (1...255 UTF-8 bytes), like `"order-placed"`.
    public var type: String
    /// The aggregate the event belongs to, or `nil`.
    public var aggregateID: String?
    /// The opaque payload.
    public var payload: ByteBuffer
    /// Opaque metadata.
    public var meta: ByteBuffer

    /// Creates an event; without an `id`, a new UUIDv7 is generated.
    public init(
        id: UUID = UUIDv7.generate(),
        type: String,
        aggregateID: String? = nil,
        payload: ByteBuffer,
        meta: ByteBuffer = ByteBuffer()
    ) {
        self.id = id
        self.type = type
        self.aggregateID = aggregateID
        self.payload = payload
        self.meta = meta
    }

    /// The record sent in `EMIT`.
    var record: NewEventRecord {
        NewEventRecord(id: self.id, type: self.type, aggregateID: self.aggregateID, payload: self.payload, meta: self.meta)
    }
}
