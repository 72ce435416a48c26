extension DiscoClient {
    /// One aggregate's events in version order, from `fromVersion` on.
    public func events(forAggregate aggregateID: String, fromVersion: UInt64 = 1) -> EventSequence {
        EventSequence(client: self, query: StreamQuery(kind: .aggregate(aggregateID)), position: max(1, fromVersion) - 1)
    }

    /// The events of some types (1...64 of them) after an offset, in offset order.
    public func events(withTypes types: [String], after offset: UInt64 = 0) -> EventSequence {
        EventSequence(client: self, query: StreamQuery(kind: .types(types)), position: offset)
    }

    /// Every event after an offset in offset order, optionally only some types (empty for all).
    public func events(after offset: UInt64 = 0, types: [String] = []) -> EventSequence {
        EventSequence(client: self, query: StreamQuery(kind: .after(types: types)), position: offset)
    }

    /// At most `limit` of one aggregate's events, from `fromVersion` on.
    public func events(forAggregate aggregateID: String, fromVersion: UInt64 = 1, limit: Int) async throws -> [RecordedEvent] {
        try await EventSequence(
            client: self,
            query: StreamQuery(kind: .aggregate(aggregateID), limit: UInt64(max(0, limit))),
            position: max(1, fromVersion) - 1
        ).collect()
    }

    /// At most `limit` events of some types after an offset.
    public func events(withTypes types: [String], after offset: UInt64 = 0, limit: Int) async throws -> [RecordedEvent] {
        try await EventSequence(
            client: self,
            query: StreamQuery(kind: .types(types), limit: UInt64(max(0, limit))),
            position: offset
        ).collect()
    }

    /// At most `limit` events after an offset, optionally only some types.
    public func events(after offset: UInt64 = 0, types: [String] = [], limit: Int) async throws -> [RecordedEvent] {
        try await EventSequence(
            client: self,
            query: StreamQuery(kind: .after(types: types), limit: UInt64(max(0, limit))),
            position: offset
        ).collect()
    }

    /// Subscribes to the events after an offset (optionally only some types): what is stored, then
    /// ``SubscriptionElement/caughtUp(headOffset:)``, then events as they are stored — resumed transparently
    /// after a lost connection.
    public func subscribe(after offset: UInt64 = 0, types: [String] = []) -> Subscription {
        Subscription(client: self, query: StreamQuery(kind: .subscription(types: types)), position: offset)
    }
}
