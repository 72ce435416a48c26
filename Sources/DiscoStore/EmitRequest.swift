/// One atomic emit: events stored all together or not at all, with optional version expectations.
public struct EmitRequest: Sendable, Hashable {
    /// The events, stored in this order with consecutive offsets (at least one).
    public var events: [NewEvent]

    /// Expectations about aggregates' current versions, keyed by aggregate id, checked before anything is
    /// written. An aggregate named here need not have events in ``events``.
    public var expectedVersions: [String: ExpectedVersion]

    /// Creates an emit request.
    public init(events: [NewEvent], expectedVersions: [String: ExpectedVersion] = [:]) {
        self.events = events
        self.expectedVersions = expectedVersions
    }
}
