/// The appender's memory of aggregate versions, so that a group commit need not look up, under the head
/// lock, the current version of every aggregate it writes (for a batch spread over many aggregates those
/// index probes are a quarter of the time the lock is held).
///
/// ## A hint the database checks
/// The cache never decides alone. A group sends the head and the count of appends it expects to find, and
/// `disco_append` (see ``AppendFunction``) uses the known versions only if the head row matches both and
/// names this writer as the last one. Every append that writes events advances the count by one, so a
/// matching count and a last writer of ours mean: since the state the prediction starts from, exactly the
/// groups this writer still had committing were appended, and nothing else; a matching head means each of
/// them wrote every one of its events. The prediction is then exact. In any other case — another writer, a
/// rejected or replayed emit, a group overtaken at the lock, a failed group — the function looks every
/// version up: the cache can make an append faster, never wrong.
///
/// ## The recorded state
/// The state is the head, the count of appends and aggregate versions as of one append of this writer,
/// exact for every aggregate it holds. ``record(_:of:)`` moves it forward to a committed group:
/// - a trusted group proves that exactly the groups committing when it was built were appended before it,
///   completely: their effects are added (if not recorded yet), then the group's own versions;
/// - a group that was not trusted starts the state over from its own, looked-up versions;
/// - a group older than the state changes nothing.
/// ``forget(_:)`` drops the state after a group failed: whether it committed is unknown.
struct AggregateVersionCache: Sendable {
    /// What a group writes if every emit of it is written.
    struct Effect: Sendable {
        var eventCount: Int64
        var eventsByAggregate: [String: Int64]
    }

    /// What a group sends along.
    struct Prediction: Sendable, Equatable {
        /// The head this writer expects to find, or -1 (which no head equals) when it does not know.
        var expectedHead: Int64
        /// The count of appends this writer expects to find, or -1.
        var expectedAppends: Int64
        /// Per aggregate of the group, its version if known, else -1.
        var knownVersions: [Int64]
        /// Whether the group may take the staged path (``StagedAppendFunction``): the head is predicted, and
        /// every aggregate whose version is not known is one that no committing group writes (so that
        /// looking it up before the head lock finds its version).
        var canStage = false
        /// The first offset of the group sent last that is still committing, or -1.
        var afterGroup: Int64 = -1

        /// Nothing predicted for a group of `aggregateCount` aggregates: every version is looked up.
        static func unknown(aggregateCount: Int) -> Self {
            Self(expectedHead: -1, expectedAppends: -1, knownVersions: Array(repeating: -1, count: aggregateCount))
        }
    }

    /// A committed group's outcome.
    struct Outcome: Sendable {
        /// Whether `disco_append` used the known versions.
        var trusted: Bool
        /// The head after the group.
        var head: Int64
        /// The count of appends after the group.
        var appends: Int64
        /// The version of each aggregate of the group after it.
        var versions: [String: Int64]
    }

    private struct Committing {
        var effect: Effect
        /// The group's first offset if every group before it writes every event, or -1 if unknown.
        var firstOffset: Int64
        /// The groups that were committing when this one was built.
        var predecessors: [Int]
    }

    /// The most aggregates remembered; beyond it the memory starts over.
    let capacity: Int
    private var head: Int64?
    private var appends: Int64 = 0
    private var versions: [String: Int64] = [:]
    private var committing: [Int: Committing] = [:]
    private var nextTicket = 0

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The number of aggregates whose version is known.
    var knownCount: Int { self.versions.count }

    /// The prediction for a group about to be sent that writes `aggregates` (with `effect` if every emit is
    /// written), and the group's ticket: it counts as committing until ``record(_:of:)`` or ``forget(_:)``.
    mutating func prediction(for aggregates: [String], effect: Effect) -> (Prediction, ticket: Int) {
        let pending = self.committing.values.map(\.effect)
        var prediction = Prediction.unknown(aggregateCount: aggregates.count)
        if let head = self.head {
            prediction.expectedHead = pending.reduce(head) { $0 + $1.eventCount }
            prediction.expectedAppends = self.appends + Int64(pending.count)
            prediction.canStage = true
            for (index, aggregate) in aggregates.enumerated() {
                guard let version = self.versions[aggregate] else {
                    if pending.contains(where: { $0.eventsByAggregate[aggregate] != nil }) {
                        prediction.canStage = false
                    }
                    continue
                }
                prediction.knownVersions[index] = pending.reduce(version) {
                    $0 + ($1.eventsByAggregate[aggregate] ?? 0)
                }
            }
        }
        if let latest = self.committing.max(by: { $0.key < $1.key })?.value {
            prediction.afterGroup = latest.firstOffset
        }
        let ticket = self.nextTicket
        self.nextTicket += 1
        self.committing[ticket] = Committing(
            effect: effect,
            firstOffset: prediction.expectedHead >= 0 ? prediction.expectedHead + 1 : -1,
            predecessors: Array(self.committing.keys)
        )
        return (prediction, ticket)
    }

    /// Moves the state forward to the committed group holding `ticket`.
    mutating func record(_ outcome: Outcome, of ticket: Int) {
        guard let group = self.committing.removeValue(forKey: ticket) else {
            return  // a later trusted group accounted for this one already
        }
        if let head = self.head, outcome.head <= head {
            return  // a group appended after this one is recorded already
        }
        if outcome.trusted {
            for predecessor in group.predecessors {
                guard let effect = self.committing.removeValue(forKey: predecessor)?.effect else { continue }
                for (aggregate, count) in effect.eventsByAggregate {
                    self.versions[aggregate]? += count
                }
            }
        } else {
            self.versions.removeAll(keepingCapacity: true)
        }
        if self.versions.count + outcome.versions.count > self.capacity {
            self.versions.removeAll(keepingCapacity: true)
        }
        self.versions.merge(outcome.versions) { _, new in new }
        self.head = outcome.head
        self.appends = outcome.appends
    }

    /// Drops the state: the group holding `ticket` failed, and whether it committed is unknown.
    mutating func forget(_ ticket: Int) {
        self.committing[ticket] = nil
        self.head = nil
        self.versions.removeAll(keepingCapacity: true)
    }
}
