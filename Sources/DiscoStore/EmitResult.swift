/// What ``EventStore/emit(_:)-(EmitRequest)`` assigned to the events of one emit.
public struct EmitResult: Sendable, Hashable {
    /// One entry per event, in the order of the request.
    public var events: [EmittedEvent]

    /// `true` when every event id was already stored: nothing was written, and ``events`` describes the
    /// events stored before.
    public var replayed: Bool

    /// Creates a result.
    public init(events: [EmittedEvent], replayed: Bool) {
        self.events = events
        self.replayed = replayed
    }
}

/// Where one emitted event was stored.
public struct EmittedEvent: Sendable, Hashable {
    /// The event's global offset.
    public var offset: Int64

    /// The event's version within its aggregate, or `nil` for an event without an aggregate.
    public var aggregateVersion: Int64?

    /// When the store committed the event: the database's clock, or the appending server's for a large group
    /// it numbered itself; never less than the `emittedAt` of a lower offset.
    public var emittedAt: EventTimestamp

    /// Creates an entry.
    public init(offset: Int64, aggregateVersion: Int64?, emittedAt: EventTimestamp) {
        self.offset = offset
        self.aggregateVersion = aggregateVersion
        self.emittedAt = emittedAt
    }
}
