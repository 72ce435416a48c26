import DiscoStore
import struct Foundation.UUID

/// Decides, emit by emit, what one group commit writes: the SQLite writer's bookkeeping, with no database in
/// sight.
///
/// The writer looks up what the group's emits depend on — the stored events with ids of the group (see
/// ``SQLiteWriter``) and the current version of every aggregate the group names — then adds the emits in
/// order. Each emit sees the events of the emits added before it, exactly as if it had been committed
/// alone right after them: a retry of an earlier emit of the group is a replay, an expectation counts the
/// group's earlier events. A rejected emit adds nothing, so it never changes a neighbour's outcome.
struct GroupPlan {
    /// The latest offset, counting the events added so far.
    private(set) var head: Int64

    /// The events to insert, in offset order.
    private(set) var rows: [RecordedEvent] = []

    private let emittedAt: EventTimestamp
    private var stored: [UUID: RecordedEvent]
    private var versions: [String: Int64]

    /// - Parameters:
    ///   - head: The stored head offset.
    ///   - emittedAt: The group's timestamp.
    ///   - stored: Stored events, by id: at least those with an id of the group.
    ///   - versions: The current version of every aggregate the group's events and expectations name.
    init(head: Int64, emittedAt: EventTimestamp, stored: [UUID: RecordedEvent], versions: [String: Int64]) {
        self.head = head
        self.emittedAt = emittedAt
        self.stored = stored
        self.versions = versions
    }

    /// The outcome of `request`, adding its events to ``rows`` if it is written.
    mutating func add(_ request: EmitRequest) -> Result<EmitResult, EventStoreError> {
        let found = request.events.compactMap { event in self.stored[event.id].map { (event, $0) } }
        if !found.isEmpty {
            return Self.replay(request, found: found)
        }
        for (aggregateID, expectation) in request.expectedVersions.sorted(by: { $0.key < $1.key }) {
            let actual = self.versions[aggregateID, default: 0]
            if let required = expectation.requiredVersion, required != actual {
                return .failure(.versionConflict(aggregateID: aggregateID, expected: expectation, actual: actual))
            }
        }
        var emitted: [EmittedEvent] = []
        emitted.reserveCapacity(request.events.count)
        for event in request.events {
            self.head += 1
            var version: Int64?
            if let aggregateID = event.aggregateID {
                let next = self.versions[aggregateID, default: 0] + 1
                self.versions[aggregateID] = next
                version = next
            }
            let row = RecordedEvent(
                offset: self.head,
                id: event.id,
                type: event.type,
                aggregateID: event.aggregateID,
                aggregateVersion: version,
                emittedAt: self.emittedAt,
                payload: event.payload,
                meta: event.meta
            )
            self.rows.append(row)
            self.stored[event.id] = row
            emitted.append(EmittedEvent(offset: row.offset, aggregateVersion: version, emittedAt: self.emittedAt))
        }
        return .success(EmitResult(events: emitted, replayed: false))
    }

    /// A request some of whose ids are stored: a replay if all are, with the same content; otherwise a
    /// conflict naming the first id stored with other content, or else the first stored id.
    private static func replay(
        _ request: EmitRequest,
        found: [(event: NewEvent, stored: RecordedEvent)]
    ) -> Result<EmitResult, EventStoreError> {
        if let changed = found.first(where: { !Self.isSame($0.event, as: $0.stored) }) {
            return .failure(.eventIDConflict(eventID: changed.event.id))
        }
        guard found.count == request.events.count else {
            return .failure(.eventIDConflict(eventID: found[0].event.id))
        }
        let events = found.map {
            EmittedEvent(offset: $0.stored.offset, aggregateVersion: $0.stored.aggregateVersion, emittedAt: $0.stored.emittedAt)
        }
        return .success(EmitResult(events: events, replayed: true))
    }

    private static func isSame(_ event: NewEvent, as stored: RecordedEvent) -> Bool {
        event.type == stored.type && event.aggregateID == stored.aggregateID && event.payload == stored.payload
            && event.meta == stored.meta
    }
}
