import DiscoStore
import NIOCore
import PostgresNIO

import struct Foundation.UUID

/// The emits of one group commit, laid out as the parallel arrays `disco_append` takes (see
/// ``AppendFunction``), and the derivation of each emit's outcome from the function's result rows.
///
/// A group never holds the same event id twice, and no emit of it expects a version of an aggregate that an
/// earlier emit of the group writes (``canAdd(_:)``): each expectation then depends on stored versions only,
/// so a rejected emit never changes the outcome of its neighbours.
struct AppendGroup {
    private(set) var requests: [EmitRequest] = []
    private(set) var eventCount = 0
    private(set) var byteCount = 0

    private var emitIndexes: [Int32] = []
    private var ids: [UUID] = []
    private var types: [String] = []
    private var aggregateIndexes: [Int32] = []
    private var occurrences: [Int32] = []
    private var payloads: [ByteBuffer] = []
    private var metas: [ByteBuffer] = []
    private var aggregates: [String] = []
    private var aggregateIndexByID: [String: Int32] = [:]
    private var eventCountByAggregate: [Int32] = []
    private var expectedEmits: [Int32] = []
    private var expectedAggregateIndexes: [Int32] = []
    private var expectedVersions: [Int64] = []
    private var expectations: [[(aggregateID: String, expected: ExpectedVersion)]] = []
    /// The ids of the group's events, built when a second emit asks to join (a group of one emit never
    /// needs it).
    private var idSet: Set<UUID>?

    /// What the appender's version cache predicts for this group (see ``AggregateVersionCache``); by default
    /// nothing, and every version is looked up.
    var prediction: AggregateVersionCache.Prediction?
    /// The appending store instance, as the head row records it.
    let writer: UUID
    /// The group's `emitted_at` on the staged path (microseconds since 1970), from the appender's clock.
    var emittedAt: Int64 = 0
    /// Whether `disco_append` looks the group's ids up before inserting: only once the insert found one of
    /// them stored (see ``AppendFunction``'s idempotent retries).
    var probesStoredIDs = false

    /// An empty group of `writer`'s.
    init(writer: UUID) {
        self.writer = writer
    }

    /// The payload and meta bytes of a request.
    static func byteCount(of request: EmitRequest) -> Int {
        request.events.withUnsafeBufferPointer { events in
            events.indices.reduce(0) { $0 + events[$1].payload.readableBytes + events[$1].meta.readableBytes }
        }
    }

    /// Whether `request` may join the group without depending on it: none of its ids is in the group yet,
    /// and none of its expectations concerns an aggregate the group already writes.
    mutating func canAdd(_ request: EmitRequest) -> Bool {
        for (aggregateID, expectation) in request.expectedVersions where expectation.requiredVersion != nil {
            if let index = self.aggregateIndexByID[aggregateID], self.eventCountByAggregate[Int(index) - 1] > 0 {
                return false
            }
        }
        if self.idSet == nil {
            var ids = Set<UUID>(minimumCapacity: self.ids.count + request.events.count)
            ids.formUnion(self.ids)
            self.idSet = ids
        }
        return request.events.allSatisfy { self.idSet?.contains($0.id) != true }
    }

    /// Adds a request (that ``canAdd(_:)`` accepted) as the next emit.
    mutating func add(_ request: EmitRequest) {
        if self.requests.isEmpty {
            self.reserveCapacity(events: request.events.count)
        }
        self.requests.append(request)
        let emitIndex = Int32(self.requests.count)
        self.eventCount += request.events.count
        // Borrowed through a buffer pointer: iterating the array would copy each event (four retains and
        // releases) before its fields are copied into the group's columns.
        request.events.withUnsafeBufferPointer { events in
            for index in events.indices {
                self.add(events[index], emit: emitIndex)
            }
        }
        var expectations: [(aggregateID: String, expected: ExpectedVersion)] = []
        for (aggregateID, expectation) in request.expectedVersions {
            guard let version = expectation.requiredVersion else { continue }
            self.expectedEmits.append(emitIndex)
            self.expectedAggregateIndexes.append(self.aggregateIndex(of: aggregateID))
            self.expectedVersions.append(version)
            expectations.append((aggregateID, expectation))
        }
        self.expectations.append(expectations)
    }

    /// Appends one event of the emit numbered `emitIndex` to the group's columns.
    private mutating func add(_ event: borrowing NewEvent, emit emitIndex: Int32) {
        self.emitIndexes.append(emitIndex)
        self.ids.append(event.id)
        self.idSet?.insert(event.id)
        self.types.append(event.type)
        if let aggregateID = event.aggregateID {
            let index = self.aggregateIndex(of: aggregateID)
            self.eventCountByAggregate[Int(index) - 1] += 1
            self.aggregateIndexes.append(index)
            self.occurrences.append(self.eventCountByAggregate[Int(index) - 1])
        } else {
            self.aggregateIndexes.append(0)
            self.occurrences.append(0)
        }
        self.payloads.append(event.payload)
        self.metas.append(event.meta)
        self.byteCount += event.payload.readableBytes + event.meta.readableBytes
    }

    /// Sizes the per-event arrays for a first emit of `count` events (later emits grow them as usual).
    private mutating func reserveCapacity(events count: Int) {
        self.emitIndexes.reserveCapacity(count)
        self.ids.reserveCapacity(count)
        self.types.reserveCapacity(count)
        self.aggregateIndexes.reserveCapacity(count)
        self.occurrences.reserveCapacity(count)
        self.payloads.reserveCapacity(count)
        self.metas.reserveCapacity(count)
    }

    private mutating func aggregateIndex(of aggregateID: String) -> Int32 {
        if let index = self.aggregateIndexByID[aggregateID] {
            return index
        }
        self.aggregates.append(aggregateID)
        self.eventCountByAggregate.append(0)
        let index = Int32(self.aggregates.count)
        self.aggregateIndexByID[aggregateID] = index
        return index
    }

    /// The distinct aggregate ids of the group's events and expectations, in the order `disco_append` takes
    /// them.
    var aggregateIDs: [String] { self.aggregates }

    /// What the group writes if every emit of it is written.
    var effect: AggregateVersionCache.Effect {
        AggregateVersionCache.Effect(
            eventCount: Int64(self.eventCount),
            eventsPerAggregate: self.eventCountByAggregate.map { Int64($0) }
        )
    }

    /// The call of `disco_append` for this group; its arrays are written by ``ArrayColumn``.
    var query: PostgresQuery {
        let prediction = self.prediction ?? .unknown(aggregateCount: self.aggregates.count)
        return """
            SELECT emit, status, first_offset, emitted_at, offsets, versions, emitted_ats,
                   conflict_aggregate, conflict_expected, conflict_actual, conflict_id, trusted, appends
            FROM disco_append(
                \(ArrayColumn(self.emitIndexes)), \(ArrayColumn(self.ids)), \(ArrayColumn(self.types)),
                \(ArrayColumn(self.aggregateIndexes)), \(ArrayColumn(self.occurrences)),
                \(ArrayColumn(self.payloads)), \(ArrayColumn(self.metas)), \(ArrayColumn(self.aggregates)),
                \(ArrayColumn(self.expectedEmits)), \(ArrayColumn(self.expectedAggregateIndexes)),
                \(ArrayColumn(self.expectedVersions)), \(self.probesStoredIDs), \(self.writer),
                \(prediction.expectedHead), \(prediction.expectedAppends), \(ArrayColumn(prediction.knownVersions)))
            """
    }

    /// The first offset of the group on the staged path: right after the predicted head.
    var stagedFirstOffset: Int64 {
        (self.prediction?.expectedHead ?? -1) + 1
    }

    /// The call of `disco_append_staged` for this group (see ``StagedAppendFunction``), numbering it from the
    /// predicted head; only for a ``prediction`` that allows it.
    var stagedQuery: PostgresQuery {
        let prediction = self.prediction ?? .unknown(aggregateCount: self.aggregates.count)
        return """
            SELECT emitted_at, versions, appends
            FROM disco_append_staged(
                \(ArrayColumn(self.ids)), \(ArrayColumn(self.types)), \(ArrayColumn(self.aggregateIndexes)),
                \(ArrayColumn(self.occurrences)), \(ArrayColumn(self.payloads)), \(ArrayColumn(self.metas)),
                \(ArrayColumn(self.aggregates)), \(ArrayColumn(self.expectedAggregateIndexes)),
                \(ArrayColumn(self.expectedVersions)), \(self.writer), \(self.stagedFirstOffset),
                \(prediction.expectedAppends), \(ArrayColumn(prediction.knownVersions)), \(prediction.afterGroup),
                \(self.emittedAt))
            """
    }

    /// The summary row `disco_append` would have returned for this group, given the row of
    /// `disco_append_staged`: every emit written, from ``stagedFirstOffset`` on.
    func summaryRow(fromStaged row: PostgresRow) throws -> AppendResultRow {
        let (emittedAt, versions, appends) = try row.decode((Int64, [Int64], Int64).self)
        return AppendResultRow(
            emit: 0,
            status: AppendResultRow.written,
            firstOffset: self.stagedFirstOffset,
            emittedAt: emittedAt,
            versions: versions,
            trusted: true,
            appends: appends
        )
    }

    /// The outcome of each emit, in order, given the rows `disco_append` returned, and the group's outcome for
    /// the appender's version cache.
    ///
    /// Emits without a row of their own were written: walking the group's events in order and skipping the
    /// emits that have a row, they take the offsets from `first_offset` on and versions counting up from
    /// the aggregates' base versions — exactly as the function numbered them.
    func outcomes(
        from rows: [AppendResultRow]
    ) throws -> (emits: [Result<EmitResult, EventStoreError>], group: AggregateVersionCache.Outcome) {
        guard let summary = rows.first(where: { $0.emit == 0 }),
            let firstOffset = summary.firstOffset,
            let emittedAt = summary.emittedAt,
            let bases = summary.versions,
            bases.count == self.aggregates.count,
            let trusted = summary.trusted,
            let appends = summary.appends
        else {
            throw EventStoreError(.storageFailure, reason: "disco_append returned no summary row")
        }
        let closed = Dictionary(rows.filter { $0.emit > 0 }.map { (Int($0.emit), $0) }, uniquingKeysWith: { a, _ in a })
        var outcomes: [Result<EmitResult, EventStoreError>] = []
        outcomes.reserveCapacity(self.requests.count)
        var nextOffset = firstOffset
        var versions = bases
        var eventIndex = 0
        for (position, request) in self.requests.enumerated() {
            let range = eventIndex..<(eventIndex + request.events.count)
            eventIndex = range.upperBound
            if let row = closed[position + 1] {
                outcomes.append(try self.outcome(of: row, emit: position, range: range))
                continue
            }
            var emitted: [EmittedEvent] = []
            emitted.reserveCapacity(range.count)
            for index in range {
                var version: Int64?
                let aggregateIndex = Int(self.aggregateIndexes[index])
                if aggregateIndex > 0 {
                    versions[aggregateIndex - 1] += 1
                    version = versions[aggregateIndex - 1]
                }
                emitted.append(
                    EmittedEvent(
                        offset: nextOffset,
                        aggregateVersion: version,
                        emittedAt: EventTimestamp(microsecondsSinceEpoch: emittedAt)
                    )
                )
                nextOffset += 1
            }
            outcomes.append(.success(EmitResult(events: emitted, replayed: false)))
        }
        let group = AggregateVersionCache.Outcome(
            trusted: trusted,
            head: nextOffset - 1,
            appends: appends,
            versions: versions
        )
        return (outcomes, group)
    }

    private func outcome(
        of row: AppendResultRow,
        emit position: Int,
        range: Range<Int>
    ) throws -> Result<EmitResult, EventStoreError> {
        switch row.status {
        case AppendResultRow.replayed:
            guard let offsets = row.offsets, let versions = row.versions, let times = row.emittedAts,
                offsets.count == range.count, versions.count == range.count, times.count == range.count
            else {
                throw EventStoreError(.storageFailure, reason: "disco_append returned a malformed replay row")
            }
            let events = (0..<range.count).map { index in
                EmittedEvent(
                    offset: offsets[index],
                    aggregateVersion: versions[index] == 0 ? nil : versions[index],
                    emittedAt: EventTimestamp(microsecondsSinceEpoch: times[index])
                )
            }
            return .success(EmitResult(events: events, replayed: true))
        case AppendResultRow.versionConflict:
            guard let aggregateID = row.conflictAggregate, let actual = row.conflictActual,
                let expected = self.expectations[position].first(where: { $0.aggregateID == aggregateID })?.expected
            else {
                throw EventStoreError(.storageFailure, reason: "disco_append returned a malformed conflict row")
            }
            return .failure(.versionConflict(aggregateID: aggregateID, expected: expected, actual: actual))
        case AppendResultRow.eventIDConflict:
            guard let id = row.conflictID else {
                throw EventStoreError(.storageFailure, reason: "disco_append returned a malformed conflict row")
            }
            return .failure(.eventIDConflict(eventID: id))
        default:
            throw EventStoreError(.storageFailure, reason: "disco_append returned unknown status \(row.status)")
        }
    }
}

/// One row of `disco_append`'s result (see ``AppendFunction``).
struct AppendResultRow: Sendable {
    static let written: Int32 = 0
    static let replayed: Int32 = 1
    static let versionConflict: Int32 = 2
    static let eventIDConflict: Int32 = 3

    var emit: Int32
    var status: Int32
    var firstOffset: Int64?
    var emittedAt: Int64?
    var offsets: [Int64]?
    var versions: [Int64]?
    var emittedAts: [Int64]?
    var conflictAggregate: String?
    var conflictExpected: Int64?
    var conflictActual: Int64?
    var conflictID: UUID?
    var trusted: Bool?
    var appends: Int64?

    init(
        emit: Int32,
        status: Int32,
        firstOffset: Int64? = nil,
        emittedAt: Int64? = nil,
        offsets: [Int64]? = nil,
        versions: [Int64]? = nil,
        emittedAts: [Int64]? = nil,
        conflictAggregate: String? = nil,
        conflictExpected: Int64? = nil,
        conflictActual: Int64? = nil,
        conflictID: UUID? = nil,
        trusted: Bool? = nil,
        appends: Int64? = nil
    ) {
        self.emit = emit
        self.status = status
        self.firstOffset = firstOffset
        self.emittedAt = emittedAt
        self.offsets = offsets
        self.versions = versions
        self.emittedAts = emittedAts
        self.conflictAggregate = conflictAggregate
        self.conflictExpected = conflictExpected
        self.conflictActual = conflictActual
        self.conflictID = conflictID
        self.trusted = trusted
        self.appends = appends
    }

    init(_ row: PostgresRow) throws {
        (
            self.emit, self.status, self.firstOffset, self.emittedAt, self.offsets, self.versions, self.emittedAts,
            self.conflictAggregate, self.conflictExpected, self.conflictActual, self.conflictID, self.trusted,
            self.appends
        ) = try row.decode(
            (
                Int32, Int32, Int64?, Int64?, [Int64]?, [Int64]?, [Int64]?, String?, Int64?, Int64?, UUID?, Bool?,
                Int64?
            ).self
        )
    }
}
