/// Exponential back-off with jitter: the pause before retry `n` is a random duration between half and all of
/// `minimum × 2ⁿ`, capped at `maximum`.
struct Backoff: Sendable {
    var minimum: Duration
    var maximum: Duration

    /// The pause before retry `attempt` (0 for the first retry).
    func delay(attempt: Int) -> Duration {
        let ceiling = min(self.maximum, self.minimum * (1 << min(attempt, 20)))
        return ceiling * Double.random(in: 0.5...1.0)
    }
}
