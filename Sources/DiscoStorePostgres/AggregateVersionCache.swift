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
///
/// ## Slots
/// Each aggregate id is hashed once per group: the prediction finds (or gives) each aggregate of the group a
/// slot, and everything after — the events still committing per aggregate, recording a group's versions and
/// its predecessors' effects — works on arrays indexed by slot. Forgetting every version is one counter step
/// (a version counts only if it was recorded in the current generation). When more aggregates than
/// ``capacity`` have slots, recording a group starts the memory over, keeping only the slots that committing
/// groups still use.
struct AggregateVersionCache: Sendable {
    /// What a group writes if every emit of it is written.
    struct Effect: Sendable {
        var eventCount: Int64
        /// Per aggregate of the group, in the order the prediction takes them, the events written to it.
        var eventsPerAggregate: [Int64]
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
        /// Per aggregate of the group, in the order the prediction took them, its version after the group.
        var versions: [Int64]
    }

    private struct Committing {
        var eventCount: Int64
        /// The slots of the group's aggregates, in the order the prediction took them.
        var slots: [Int]
        var eventsPerAggregate: [Int64]
        /// The group's first offset if every group before it writes every event, or -1 if unknown.
        var firstOffset: Int64
        /// The groups that were committing when this one was built.
        var predecessors: [Int]
    }

    /// The most aggregates remembered; beyond it the memory starts over.
    let capacity: Int
    private var head: Int64?
    private var appends: Int64 = 0
    private var slotByAggregate: [String: Int] = [:]
    /// Per slot: the aggregate, its version (valid only if recorded in the current generation), that
    /// generation, and the events that committing groups write to it.
    private var aggregateBySlot: [String] = []
    private var versions: [Int64] = []
    private var generations: [Int] = []
    private var pending: [Int64] = []
    private var generation = 0
    /// The events of every committing group.
    private var pendingEvents: Int64 = 0
    private var committing: [Int: Committing] = [:]
    private var nextTicket = 0

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The number of aggregates whose version is known.
    var knownCount: Int { self.generations.count { $0 == self.generation } }

    /// The prediction for a group about to be sent that writes `aggregates` (with `effect` if every emit is
    /// written), and the group's ticket: it counts as committing until ``record(_:of:)`` or ``forget(_:)``.
    mutating func prediction(for aggregates: [String], effect: Effect) -> (Prediction, ticket: Int) {
        precondition(effect.eventsPerAggregate.count == aggregates.count)
        var prediction = Prediction.unknown(aggregateCount: aggregates.count)
        if let head = self.head {
            prediction.expectedHead = head + self.pendingEvents
            prediction.expectedAppends = self.appends + Int64(self.committing.count)
            prediction.canStage = true
        }
        var slots: [Int] = []
        slots.reserveCapacity(aggregates.count)
        for (index, aggregate) in aggregates.enumerated() {
            let slot = self.slot(of: aggregate)
            slots.append(slot)
            guard self.head != nil else { continue }
            if self.generations[slot] == self.generation {
                prediction.knownVersions[index] = self.versions[slot] + self.pending[slot]
            } else if self.pending[slot] > 0 {
                prediction.canStage = false
            }
        }
        if let latest = self.committing.max(by: { $0.key < $1.key })?.value {
            prediction.afterGroup = latest.firstOffset
        }
        let ticket = self.nextTicket
        self.nextTicket += 1
        for (slot, count) in zip(slots, effect.eventsPerAggregate) {
            self.pending[slot] += count
        }
        self.pendingEvents += effect.eventCount
        self.committing[ticket] = Committing(
            eventCount: effect.eventCount,
            slots: slots,
            eventsPerAggregate: effect.eventsPerAggregate,
            firstOffset: prediction.expectedHead >= 0 ? prediction.expectedHead + 1 : -1,
            predecessors: Array(self.committing.keys)
        )
        return (prediction, ticket)
    }

    /// Moves the state forward to the committed group holding `ticket`.
    mutating func record(_ outcome: Outcome, of ticket: Int) {
        guard var group = self.removeCommitting(ticket) else {
            return  // a later trusted group accounted for this one already
        }
        if let head = self.head, outcome.head <= head {
            return  // a group appended after this one is recorded already
        }
        if outcome.trusted {
            for predecessor in group.predecessors {
                guard let earlier = self.removeCommitting(predecessor) else { continue }
                for (slot, count) in zip(earlier.slots, earlier.eventsPerAggregate)
                where count > 0 && self.generations[slot] == self.generation {
                    self.versions[slot] += count
                }
            }
        } else {
            self.generation += 1  // every version forgotten
        }
        if self.aggregateBySlot.count > self.capacity {
            group.slots = self.startOver(keeping: group.slots)
        }
        for (slot, version) in zip(group.slots, outcome.versions) {
            self.versions[slot] = version
            self.generations[slot] = self.generation
        }
        self.head = outcome.head
        self.appends = outcome.appends
    }

    /// Drops the state: the group holding `ticket` failed, and whether it committed is unknown.
    mutating func forget(_ ticket: Int) {
        _ = self.removeCommitting(ticket)
        self.head = nil
        self.generation += 1
    }

    /// The slot of `aggregate`, given one (with no known version) if it has none.
    private mutating func slot(of aggregate: String) -> Int {
        if let slot = self.slotByAggregate[aggregate] {
            return slot
        }
        let slot = self.aggregateBySlot.count
        self.slotByAggregate[aggregate] = slot
        self.aggregateBySlot.append(aggregate)
        self.versions.append(0)
        self.generations.append(-1)
        self.pending.append(0)
        return slot
    }

    /// Takes a group off the committing ones, with its events.
    private mutating func removeCommitting(_ ticket: Int) -> Committing? {
        guard let group = self.committing.removeValue(forKey: ticket) else { return nil }
        for (slot, count) in zip(group.slots, group.eventsPerAggregate) {
            self.pending[slot] -= count
        }
        self.pendingEvents -= group.eventCount
        return group
    }

    /// Forgets every version and every slot but those of committing groups and `kept`; returns `kept`'s new
    /// slots.
    private mutating func startOver(keeping kept: [Int]) -> [Int] {
        var fresh = AggregateVersionCache(capacity: self.capacity)
        fresh.generation = self.generation + 1
        fresh.head = self.head
        fresh.appends = self.appends
        fresh.pendingEvents = self.pendingEvents
        fresh.nextTicket = self.nextTicket
        func move(_ slots: [Int]) -> [Int] {
            slots.map { slot in
                let new = fresh.slot(of: self.aggregateBySlot[slot])
                fresh.pending[new] = self.pending[slot]
                return new
            }
        }
        for (ticket, var group) in self.committing {
            group.slots = move(group.slots)
            fresh.committing[ticket] = group
        }
        let keptSlots = move(kept)
        self = fresh
        return keptSlots
    }
}
