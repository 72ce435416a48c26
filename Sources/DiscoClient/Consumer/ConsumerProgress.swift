/// What a consumer has handled and what it has committed.
struct ConsumerProgress {
    /// The offset stored for the consumer.
    private(set) var committed: UInt64
    private var lastHandled: UInt64
    private var handledSinceCommit = 0
    private var lastCommit = ContinuousClock.now

    init(committed: UInt64) {
        self.committed = committed
        self.lastHandled = committed
    }

    /// The offset to commit, when events were handled since the last commit.
    var uncommitted: UInt64? {
        self.lastHandled > self.committed ? self.lastHandled : nil
    }

    /// The handler returned for the event at `offset`.
    mutating func handled(_ offset: UInt64) {
        self.lastHandled = offset
        self.handledSinceCommit += 1
    }

    /// Whether the policy asks for a commit now.
    func isDue(_ policy: DiscoConsumer.CommitPolicy) -> Bool {
        if self.handledSinceCommit >= policy.events {
            return true
        }
        guard let interval = policy.interval else { return false }
        return ContinuousClock.now - self.lastCommit >= interval
    }

    /// `offset` is stored.
    mutating func didCommit(_ offset: UInt64) {
        self.committed = offset
        self.handledSinceCommit = 0
        self.lastCommit = ContinuousClock.now
    }
}
