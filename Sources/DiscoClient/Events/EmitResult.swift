import DiscoProtocol

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The outcome of an emit: where each event was stored.
public struct EmitResult: Hashable, Sendable {
    /// `true` when every id was already stored: the emit repeated an earlier identical one (for example a retry
    /// after a lost connection) and these are the original positions.
    public var replayed: Bool
    /// One entry per emitted event, in the order they were given.
    public var events: [EmittedEvent]

    /// Creates a result.
    public init(replayed: Bool, events: [EmittedEvent]) {
        self.replayed = replayed
        self.events = events
    }
}

/// Where one emitted event was stored.
public struct EmittedEvent: Hashable, Sendable {
    /// The event's id.
    public var id: UUID
    /// The event's global offset.
    public var offset: UInt64
    /// Its version within its aggregate; 0 when it has none.
    public var aggregateVersion: UInt64
    /// When it was stored: microseconds since the Unix epoch, UTC.
    public var emittedAtMicroseconds: Int64

    /// Creates an emitted event.
    public init(id: UUID, offset: UInt64, aggregateVersion: UInt64, emittedAtMicroseconds: Int64) {
        self.id = id
        self.offset = offset
        self.aggregateVersion = aggregateVersion
        self.emittedAtMicroseconds = emittedAtMicroseconds
    }

    /// When the event was stored.
    public var emittedAt: Date {
        Date(microsecondsSince1970: self.emittedAtMicroseconds)
    }
}
