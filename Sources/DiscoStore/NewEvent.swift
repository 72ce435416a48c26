import struct Foundation.UUID
import DiscoEventID
import NIOCore

/// An event to store: what a caller hands to ``EventStore/emit(_:)-(EmitRequest)``.
public struct NewEvent: Sendable, Hashable {
    /// The event's id, chosen by the caller so that a retried emit is recognised (see ``UUIDv7``).
    public var id: UUID

    /// The event's type, e.g. `"OrderPlaced"` (not empty).
    public var type: String

    /// The aggregate the event belongs to, if any (not empty when given).
    public var aggregateID: String?

    /// The event's body, opaque to the store.
    public var payload: ByteBuffer

    /// Metadata about the event, opaque to the store.
    public var meta: ByteBuffer

    /// Creates an event; without an `id`, a new time-ordered ``UUIDv7`` is generated.
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
}
