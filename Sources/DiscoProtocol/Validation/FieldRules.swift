/// The range checks on individual fields, shared by every message's validation.
enum FieldRules {
    static func checkLength(
        _ value: String,
        in range: ClosedRange<Int>,
        _ field: String
    ) throws(ProtocolError) {
        let length = value.utf8.count
        guard range.contains(length) else {
            throw .invalidArgument("\(field) is \(length) bytes; it must be \(range.lowerBound)...\(range.upperBound)")
        }
    }

    static func checkType(_ type: String, _ field: String = "type") throws(ProtocolError) {
        try self.checkLength(type, in: ProtocolLimits.typeLength, field)
    }

    static func checkAggregateID(_ aggregateID: String?, _ field: String = "aggregate_id") throws(ProtocolError) {
        try self.checkLength(aggregateID ?? "", in: ProtocolLimits.aggregateIDLength, field)
    }

    static func checkNonEmptyAggregateID(_ aggregateID: String, _ field: String) throws(ProtocolError) {
        try self.checkLength(aggregateID, in: 1...ProtocolLimits.aggregateIDLength.upperBound, field)
    }

    static func checkConsumer(_ consumer: String) throws(ProtocolError) {
        try self.checkLength(consumer, in: ProtocolLimits.consumerLength, "consumer")
    }

    static func checkTypeFilters(_ types: [String], atLeast minimum: Int) throws(ProtocolError) {
        guard (minimum...ProtocolLimits.maxTypeFilters).contains(types.count) else {
            throw .invalidArgument(
                "\(types.count) type filters; there must be \(minimum)...\(ProtocolLimits.maxTypeFilters)"
            )
        }
        for type in types {
            try self.checkType(type, "type filter")
        }
    }
}
