import struct Foundation.UUID
import NIOCore

/// A stored event, as reads return it.
public struct RecordedEvent: Sendable, Hashable {
    /// The event's global offset (1, 2, 3, … in commit order, gapless).
    public var offset: Int64

    /// The event's id.
    public var id: UUID

    /// The event's type.
    public var type: String

    /// The aggregate the event belongs to, if any.
    public var aggregateID: String?

    /// The event's version within its aggregate (1, 2, 3, …), or `nil` without an aggregate.
    public var aggregateVersion: Int64?

    /// When the store committed the event: the database's clock, or the appending server's for a large group
    /// it numbered itself; never less than the `emittedAt` of a lower offset.
    public var emittedAt: EventTimestamp

    /// The event's body.
    public var payload: ByteBuffer

    /// The event's metadata.
    public var meta: ByteBuffer

    /// Creates a stored event.
    public init(
        offset: Int64,
        id: UUID,
        type: String,
        aggregateID: String?,
        aggregateVersion: Int64?,
        emittedAt: EventTimestamp,
        payload: ByteBuffer,
        meta: ByteBuffer
    ) {
        self.offset = offset
        self.id = id
        self.type = type
        self.aggregateID = aggregateID
        self.aggregateVersion = aggregateVersion
        self.emittedAt = emittedAt
        self.payload = payload
        self.meta = meta
    }
}
