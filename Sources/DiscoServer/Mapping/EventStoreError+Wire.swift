import DiscoProtocol
import DiscoStore

extension EventStoreError {
    /// The ERROR message a client receives for this store error.
    ///
    /// Messages are generic about data: they name aggregates, ids and consumers, never payload bytes.
    package var errorMessage: ServerMessage.ErrorMessage {
        switch self.code {
        case .versionConflict:
            let expected: DiscoProtocol.ExpectedVersion =
                switch self.expectedVersion {
                case .exactly(let version): .exactly(UInt64(clamping: version))
                case .noEvents, .any, nil: .noEvents
                }
            let actual = UInt64(clamping: self.actualVersion ?? 0)
            return .init(
                code: .versionConflict,
                message: self.description,
                details: .versionConflict(
                    VersionConflictDetails(aggregateID: self.aggregateID ?? "", expected: expected, actual: actual)
                )
            )
        case .eventIDConflict:
            return .init(
                code: .eventIDConflict,
                message: self.description,
                details: self.eventID.map { .eventIDConflict(id: $0) } ?? .none
            )
        case .consumerOffsetConflict:
            let actual = self.actualConsumerOffset ?? .unknown
            return .init(
                code: .consumerOffsetConflict,
                message: self.description,
                details: .consumerOffsetConflict(actual: UInt64(clamping: actual.offset), known: actual.known)
            )
        case .unknownConsumer:
            return .init(code: .unknownConsumer, message: self.description)
        case .invalidArgument:
            return .init(code: .invalidArgument, message: self.description)
        case .storageUnavailable:
            return .init(code: .storageUnavailable, message: self.description)
        case .shutDown:
            return .init(code: .shuttingDown, message: self.description)
        default:
            return .init(code: .internal, message: self.description)
        }
    }
}
