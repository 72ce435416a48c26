import struct Foundation.UUID

/// An error of an ``EventStore`` operation.
///
/// ``code`` says what went wrong; the other properties carry the details that code has. ``description``
/// stays generic (it never contains event payloads); ``debugDescription`` adds the underlying error.
public struct EventStoreError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. New codes may be added: switch over them with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case versionConflict
            case eventIDConflict
            case consumerOffsetConflict
            case unknownConsumer
            case invalidArgument
            case storageUnavailable
            case storageFailure
            case shutDown
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// An aggregate's current version did not match the emit's expectation; nothing was written.
        public static let versionConflict = Code(.versionConflict)
        /// Some but not all of the emit's event ids are stored, or an id is stored with another type or
        /// aggregate; nothing was written.
        public static let eventIDConflict = Code(.eventIDConflict)
        /// A consumer's current offset did not match the expected one; nothing was changed.
        public static let consumerOffsetConflict = Code(.consumerOffsetConflict)
        /// The consumer has never been seen.
        public static let unknownConsumer = Code(.unknownConsumer)
        /// An argument was invalid (an empty type, a negative limit, …); nothing was done.
        public static let invalidArgument = Code(.invalidArgument)
        /// The database could not be reached, or the connection broke. For an emit the outcome is unknown:
        /// retry with the same event ids (a stored emit is then replayed, not duplicated).
        public static let storageUnavailable = Code(.storageUnavailable)
        /// The database reported an unexpected error; nothing of the operation was written.
        public static let storageFailure = Code(.storageFailure)
        /// The store is shutting down or not running; the operation was not done.
        public static let shutDown = Code(.shutDown)

        /// Whether repeating the same operation later may succeed.
        public var isRetriable: Bool {
            switch self.base {
            case .storageUnavailable, .shutDown: true
            case .versionConflict, .eventIDConflict, .consumerOffsetConflict, .unknownConsumer, .invalidArgument,
                .storageFailure:
                false
            }
        }

        public var description: String {
            switch self.base {
            case .versionConflict: "versionConflict"
            case .eventIDConflict: "eventIDConflict"
            case .consumerOffsetConflict: "consumerOffsetConflict"
            case .unknownConsumer: "unknownConsumer"
            case .invalidArgument: "invalidArgument"
            case .storageUnavailable: "storageUnavailable"
            case .storageFailure: "storageFailure"
            case .shutDown: "shutDown"
            }
        }
    }

    /// What went wrong.
    public var code: Code

    /// The aggregate of a ``Code/versionConflict``.
    public var aggregateID: String?

    /// The expectation that failed in a ``Code/versionConflict``.
    public var expectedVersion: ExpectedVersion?

    /// The aggregate's actual version in a ``Code/versionConflict``.
    public var actualVersion: Int64?

    /// The event id at fault in an ``Code/eventIDConflict``.
    public var eventID: UUID?

    /// The consumer of a ``Code/consumerOffsetConflict`` or ``Code/unknownConsumer``.
    public var consumerName: String?

    /// The consumer's actual offset in a ``Code/consumerOffsetConflict``.
    public var actualConsumerOffset: ConsumerOffset?

    /// What was invalid, for ``Code/invalidArgument``; never contains payload bytes.
    public var reason: String?

    /// The error that caused this one (a database or connection error), if any.
    public var underlying: (any Error)?

    /// Where the error was raised.
    public var file: String
    /// Where the error was raised.
    public var line: Int

    /// Creates an error with a code and no details.
    public init(_ code: Code, reason: String? = nil, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// An aggregate's current version did not match the expectation.
    public static func versionConflict(
        aggregateID: String,
        expected: ExpectedVersion,
        actual: Int64,
        file: String = #fileID,
        line: Int = #line
    ) -> EventStoreError {
        var error = EventStoreError(.versionConflict, file: file, line: line)
        error.aggregateID = aggregateID
        error.expectedVersion = expected
        error.actualVersion = actual
        return error
    }

    /// An emit's ids are partly stored, or stored as different events.
    public static func eventIDConflict(eventID: UUID, file: String = #fileID, line: Int = #line) -> EventStoreError {
        var error = EventStoreError(.eventIDConflict, file: file, line: line)
        error.eventID = eventID
        return error
    }

    /// A consumer's offset was not the expected one.
    public static func consumerOffsetConflict(
        consumer: String,
        actual: ConsumerOffset,
        file: String = #fileID,
        line: Int = #line
    ) -> EventStoreError {
        var error = EventStoreError(.consumerOffsetConflict, file: file, line: line)
        error.consumerName = consumer
        error.actualConsumerOffset = actual
        return error
    }

    /// A consumer has never been seen.
    public static func unknownConsumer(_ consumer: String, file: String = #fileID, line: Int = #line) -> EventStoreError {
        var error = EventStoreError(.unknownConsumer, file: file, line: line)
        error.consumerName = consumer
        return error
    }

    /// An argument was invalid.
    public static func invalidArgument(_ reason: String, file: String = #fileID, line: Int = #line) -> EventStoreError {
        EventStoreError(.invalidArgument, reason: reason, file: file, line: line)
    }

    public var description: String {
        var text = "EventStoreError(\(self.code)"
        if let aggregateID = self.aggregateID { text += ", aggregate: \(aggregateID)" }
        if let expected = self.expectedVersion { text += ", expected: \(expected)" }
        if let actual = self.actualVersion { text += ", actual: \(actual)" }
        if let eventID = self.eventID { text += ", event: \(eventID)" }
        if let consumer = self.consumerName { text += ", consumer: \(consumer)" }
        if let offset = self.actualConsumerOffset { text += ", actual: \(offset.offset) (known: \(offset.known))" }
        if let reason = self.reason { text += ", \(reason)" }
        return text + ")"
    }

    public var debugDescription: String {
        var text = self.description.dropLast() + ", at: \(self.file):\(self.line)"
        if let underlying = self.underlying { text += ", underlying: \(String(reflecting: underlying))" }
        return text + ")"
    }
}
