/// A named consumer's stored position.
public struct ConsumerOffset: Sendable, Hashable {
    /// The offset the consumer has processed up to (0 for a consumer never seen or reset).
    public var offset: Int64

    /// `false` when the store has never seen the consumer.
    public var known: Bool

    /// Creates a consumer offset.
    public init(offset: Int64, known: Bool) {
        self.offset = offset
        self.known = known
    }

    /// The offset of a consumer the store has never seen.
    public static let unknown = ConsumerOffset(offset: 0, known: false)
}
