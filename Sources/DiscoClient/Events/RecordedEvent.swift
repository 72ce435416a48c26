import DiscoProtocol
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stored event, as read or delivered by a subscription.
public struct RecordedEvent: Hashable, Sendable {
    /// The event's global, commit-ordered position (starts at 1).
    public var offset: UInt64
    /// The id the emitter gave the event.
    public var id: UUID
    /// The event type.
    public var type: String
    /// The aggregate the event belongs to, or `nil`.
    public var aggregateID: String?
    /// The event's version within its aggregate (starts at 1); 0 when it has no aggregate.
    public var aggregateVersion: UInt64
    /// When the event was stored: microseconds since the Unix epoch, UTC.
    public var emittedAtMicroseconds: Int64
    /// The opaque payload.
    public var payload: ByteBuffer
    /// The opaque metadata.
    public var meta: ByteBuffer

    /// Creates an event.
    public init(
        offset: UInt64,
        id: UUID,
        type: String,
        aggregateID: String?,
        aggregateVersion: UInt64,
        emittedAtMicroseconds: Int64,
        payload: ByteBuffer,
        meta: ByteBuffer
    ) {
        self.offset = offset
        self.id = id
        self.type = type
        self.aggregateID = aggregateID
        self.aggregateVersion = aggregateVersion
        self.emittedAtMicroseconds = emittedAtMicroseconds
        self.payload = payload
        self.meta = meta
    }

    /// When the event was stored.
    public var emittedAt: Date {
        Date(microsecondsSince1970: self.emittedAtMicroseconds)
    }

    init(_ record: StoredEventRecord) {
        self.init(
            offset: record.offset,
            id: record.id,
            type: record.type,
            aggregateID: record.aggregateID,
            aggregateVersion: record.aggregateVersion,
            emittedAtMicroseconds: record.emittedAt,
            payload: record.payload,
            meta: record.meta
        )
    }
}
