/// A named consumer: processes the events after its stored offset with the caller's handler and stores its
/// progress as it goes, so that a restarted consumer resumes where the last one stopped.
///
/// Delivery is at least once: the offset is committed only after the handler returned for every event up to it,
/// so after a crash the events since the last commit are handled again. When the handler throws, the consumer
/// commits the events handled before (never the failed one) and rethrows: a restart begins with the failed event.
///
/// ```swift
/// let projector = DiscoConsumer(client: client, name: "order-projection", types: ["order-placed"])
/// try await projector.run { event in
///     try await orders.apply(event)
/// }
/// ```
public struct DiscoConsumer: Sendable {
    /// When a consumer stores its offset.
    public struct CommitPolicy: Hashable, Sendable {
        /// Commit once this many events were handled since the last commit.
        public var events: Int
        /// Commit when an event is handled this long after the last commit (`nil`: no time limit).
        public var interval: Duration?

        /// Commits after every event: the fewest events handled twice after a crash, one request per event.
        public static let everyEvent = CommitPolicy(events: 1, interval: nil)

        /// Commits after `events` events, or sooner when `interval` has passed since the last commit.
        public static func every(_ events: Int, orAfter interval: Duration? = nil) -> CommitPolicy {
            CommitPolicy(events: events, interval: interval)
        }

        /// Creates a policy.
        public init(events: Int, interval: Duration?) {
            self.events = max(1, events)
            self.interval = interval
        }
    }

    /// The client the consumer reads and commits with.
    public let client: DiscoClient
    /// The consumer's name: the key of its stored offset.
    public let name: String
    /// The event types it handles; empty for all.
    public let types: [String]
    /// When it stores its offset. Whatever the policy, it also commits when it catches up with the log, when its
    /// task is cancelled and when the handler throws.
    public let commitPolicy: CommitPolicy

    /// Creates a consumer; nothing happens until ``run(_:)``.
    public init(client: DiscoClient, name: String, types: [String] = [], commitPolicy: CommitPolicy = .everyEvent) {
        self.client = client
        self.name = name
        self.types = types
        self.commitPolicy = commitPolicy
    }

    /// Handles the events after the stored offset, then new events as they are stored, until the task is
    /// cancelled (then it commits and returns) or the handler throws (then it commits what was handled before
    /// and rethrows).
    public func run(_ handler: (RecordedEvent) async throws -> Void) async throws {
        var progress = ConsumerProgress(committed: try await self.client.consumerOffset(self.name).offset)
        do {
            for try await element in self.client.subscribe(after: progress.committed, types: self.types) {
                switch element {
                case .caughtUp:
                    try await self.commit(&progress)
                case .event(let event):
                    try await handler(event)
                    progress.handled(event.offset)
                    if progress.isDue(self.commitPolicy) {
                        try await self.commit(&progress)
                    }
                }
            }
        } catch {
            try? await self.commit(&progress)
            throw error
        }
        try await self.commit(&progress)
    }

    private func commit(_ progress: inout ConsumerProgress) async throws {
        guard let offset = progress.uncommitted else { return }
        try await self.client.updateConsumerOffset(self.name, to: offset)
        progress.didCommit(offset)
    }
}

extension DiscoClient {
    /// Runs a named consumer (``DiscoConsumer``) with `handler` until the task is cancelled or the handler throws.
    public func consume(
        name: String,
        types: [String] = [],
        commitPolicy: DiscoConsumer.CommitPolicy = .everyEvent,
        _ handler: (RecordedEvent) async throws -> Void
    ) async throws {
        try await DiscoConsumer(client: self, name: name, types: types, commitPolicy: commitPolicy).run(handler)
    }
}
