import DiscoProtocol

/// What an emit expects of an aggregate's current version (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable {
    /// The aggregate has no events yet.
    case noEvents
    /// The aggregate's current version is exactly this one.
    case exactly(UInt64)

    init(_ wire: DiscoProtocol.ExpectedVersion) {
        switch wire {
        case .noEvents: self = .noEvents
        case .exactly(let version): self = .exactly(version)
        }
    }

    var wire: DiscoProtocol.ExpectedVersion {
        switch self {
        case .noEvents: .noEvents
        case .exactly(let version): .exactly(version)
        }
    }
}
