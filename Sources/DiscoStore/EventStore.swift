/// Durable, ordered storage of events: the contract every Disco storage backend fulfils.
///
/// Every event gets a global `offset` (1, 2, 3, … — gapless and in commit order: a reader that has seen
/// offset N never later finds a newly committed event at an offset ≤ N), and, when it belongs to an
/// aggregate, an aggregate version (1, 2, 3, … per aggregate). Reads always return events in offset order,
/// one page (at most `limit` events) at a time.
///
/// Named consumers keep their position in the store as a ``ConsumerOffset``.
///
/// All operations throw ``EventStoreError``.
public protocol EventStore: Sendable {
    /// Stores the events of `request` atomically: all of them or none.
    ///
    /// - If every event id of the request is already stored (a retry), nothing is written and the stored
    ///   events' offsets, versions and timestamps are returned with ``EmitResult/replayed`` set.
    /// - If only some ids are stored, or an id is stored with other content (type, aggregate, payload or
    ///   meta), the emit fails with ``EventStoreError/Code/eventIDConflict``.
    /// - If an expectation in ``EmitRequest/expectedVersions`` does not hold, the emit fails with
    ///   ``EventStoreError/Code/versionConflict`` and nothing of it is written.
    ///
    /// The call returns only once the events are durably committed (or known not to be).
    func emit(_ request: EmitRequest) async throws -> EmitResult

    /// Events of one aggregate with a version of at least `fromVersion`, in offset (and version) order.
    ///
    /// - Parameters:
    ///   - aggregateID: The aggregate to read (not empty).
    ///   - fromVersion: The first version to return (1 for the whole aggregate).
    ///   - limit: The maximum number of events to return (at least 1).
    func events(forAggregate aggregateID: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent]

    /// Events with an offset greater than `offset`, in offset order.
    ///
    /// - Parameters:
    ///   - offset: Return events after this offset (0 for the first event).
    ///   - types: Return only events of these types; empty for every type.
    ///   - limit: The maximum number of events to return (at least 1).
    func events(after offset: Int64, types: [String], limit: Int) async throws -> [RecordedEvent]

    /// Reads every event after `offset` up to and including offset `end`, in offset order, handing them to
    /// `consume` a page at a time (at most `pageSize` events, never an empty page) until the range is read
    /// or `consume` returns `false`.
    ///
    /// Every offset of the range is committed when the read starts: an `end` above the head offset is
    /// lowered to it, and `nil` stands for the head. So the read ends however fast events keep arriving,
    /// and none of them is skipped by a later read starting after `end`.
    ///
    /// This is the way to read a long stretch of the log: a backend may read pages ahead of `consume`
    /// (the PostgreSQL store reads several at once, on separate connections); pages are
    /// still handed over in order, one at a time, and a read stopped early leaves nothing running.
    ///
    /// - Parameters:
    ///   - offset: Read the events after this offset (0 for the first event).
    ///   - end: The last offset to read; `nil` for the head offset when the read starts.
    ///   - types: Read only events of these types; empty for every type.
    ///   - pageSize: The most events per page (at least 1).
    ///   - consume: Called with each page in turn; returns whether to go on.
    func readEvents(
        after offset: Int64,
        through end: Int64?,
        types: [String],
        pageSize: Int,
        _ consume: ([RecordedEvent]) async throws -> Bool
    ) async throws

    /// The offset of the latest committed event (0 while the store is empty).
    func headOffset() async throws -> Int64

    /// Waits until the head offset is greater than `offset`, then returns the head offset.
    ///
    /// Returns at once if it already is. Waiting is cheap and coalescing: however many events are committed
    /// while a caller waits, it is woken once with the latest head. Throws `CancellationError` when the
    /// calling task is cancelled.
    func waitForEvents(after offset: Int64) async throws -> Int64

    /// The stored offset of a consumer: `(0, known: false)` for a consumer never seen.
    func consumerOffset(_ name: String) async throws -> ConsumerOffset

    /// Sets a consumer's offset, creating the consumer if needed.
    ///
    /// - Parameters:
    ///   - name: The consumer's name (not empty).
    ///   - offset: The new offset (not negative).
    ///   - expected: When given, the update happens only if the current offset equals it (an unknown
    ///     consumer's current offset is 0); otherwise it fails with
    ///     ``EventStoreError/Code/consumerOffsetConflict`` naming the current offset.
    func updateConsumerOffset(_ name: String, to offset: Int64, expected: Int64?) async throws

    /// Sets a known consumer's offset back to 0; fails with ``EventStoreError/Code/unknownConsumer`` for a
    /// consumer never seen.
    func resetConsumerOffset(_ name: String) async throws
}

extension EventStore {
    /// Stores `events` atomically, with optional expectations about the versions of aggregates.
    ///
    /// See ``emit(_:)-(EmitRequest)``.
    public func emit(
        _ events: [NewEvent],
        expectedVersions: [String: ExpectedVersion] = [:]
    ) async throws -> EmitResult {
        try await self.emit(EmitRequest(events: events, expectedVersions: expectedVersions))
    }

    /// Stores one event; when `expectedVersion` is given the event must have an aggregate id.
    ///
    /// See ``emit(_:)-(EmitRequest)``.
    public func emit(_ event: NewEvent, expectedVersion: ExpectedVersion = .any) async throws -> EmitResult {
        var expectations: [String: ExpectedVersion] = [:]
        if let aggregateID = event.aggregateID, expectedVersion != .any {
            expectations[aggregateID] = expectedVersion
        }
        return try await self.emit(EmitRequest(events: [event], expectedVersions: expectations))
    }

    /// Sets a consumer's offset unconditionally, creating the consumer if needed.
    public func updateConsumerOffset(_ name: String, to offset: Int64) async throws {
        try await self.updateConsumerOffset(name, to: offset, expected: nil)
    }

    /// Every event after `offset` of any type, in offset order (at most `limit`).
    public func events(after offset: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await self.events(after: offset, types: [], limit: limit)
    }
}
