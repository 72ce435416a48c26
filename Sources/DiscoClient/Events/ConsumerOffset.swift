/// A named consumer's stored offset.
public struct ConsumerOffset: Hashable, Sendable {
    /// The offset of the last event the consumer processed; 0 when it has none.
    public var offset: UInt64
    /// `false` for a consumer that has never stored an offset.
    public var isKnown: Bool

    /// Creates a consumer offset.
    public init(offset: UInt64, isKnown: Bool) {
        self.offset = offset
        self.isKnown = isKnown
    }
}
