/// What an emit expects of an aggregate's current version (the version of its latest event).
public enum ExpectedVersion: Sendable, Hashable {
    /// No expectation: the emit is stored whatever the aggregate's version.
    case any

    /// The aggregate has no events yet (its version is 0).
    case noEvents

    /// The aggregate's current version is exactly this (0 means no events yet).
    case exactly(Int64)

    /// The version this expectation requires, or `nil` for ``any``.
    public var requiredVersion: Int64? {
        switch self {
        case .any: nil
        case .noEvents: 0
        case .exactly(let version): version
        }
    }
}
