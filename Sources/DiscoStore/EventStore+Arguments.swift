/// The argument checks every backend makes before touching its database, throwing
/// ``EventStoreError/Code/invalidArgument``.
package enum EventStoreArguments {
    /// Checks the arguments of ``EventStore/events(forAggregate:fromVersion:limit:)``.
    package static func checkAggregateRead(_ aggregateID: String, limit: Int) throws {
        try EmitRequest.validateName(aggregateID, what: "aggregate id")
        try Self.checkLimit(limit)
    }

    /// Checks the arguments of ``EventStore/events(after:types:limit:)`` and returns the distinct types.
    package static func checkTypedRead(types: [String], limit: Int) throws -> [String] {
        try Self.checkLimit(limit)
        for type in types {
            try EmitRequest.validateName(type, what: "event type")
        }
        return Array(Set(types))
    }

    /// Checks the arguments of ``EventStore/updateConsumerOffset(_:to:expected:)``.
    package static func checkConsumerUpdate(_ name: String, offset: Int64, expected: Int64?) throws {
        try EmitRequest.validateName(name, what: "consumer name")
        guard offset >= 0, (expected ?? 0) >= 0 else {
            throw EventStoreError.invalidArgument("consumer offsets are not negative")
        }
    }

    /// Checks a consumer name.
    package static func checkConsumerName(_ name: String) throws {
        try EmitRequest.validateName(name, what: "consumer name")
    }

    private static func checkLimit(_ limit: Int) throws {
        guard limit > 0 else {
            throw EventStoreError.invalidArgument("limit must be at least 1")
        }
    }
}
