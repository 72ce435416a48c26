extension ClientMessage {
    /// Checks the semantic rules of protocol v1 that decoding does not (ranges, counts, lengths).
    ///
    /// A server calls it on every decoded request; a client calls it before sending. Violations throw
    /// `INVALID_ARGUMENT` with a message naming the field and the rule.
    ///
    /// - Parameter maxBatchEvents: the most events one `EMIT` may carry (the server's `max_batch_events`).
    public func validate(maxBatchEvents: UInt32 = ProtocolLimits.defaultMaxBatchEvents) throws(ProtocolError) {
        switch self {
        case .hello(let hello):
            try FieldRules.checkLength(hello.clientName, in: ProtocolLimits.peerNameLength, "client_name")
            guard hello.codecs.count <= Int(UInt8.max) else {
                throw .invalidArgument("\(hello.codecs.count) codecs; codec_count is a u8")
            }
            guard hello.maxFrameSize >= ProtocolLimits.minimumMaxFrameSize else {
                throw .invalidArgument(
                    "max_frame_size \(hello.maxFrameSize) is below the minimum \(ProtocolLimits.minimumMaxFrameSize)"
                )
            }
        case .emit(let emit):
            try emit.validate(maxBatchEvents: maxBatchEvents)
        case .readAggregate(let read):
            try FieldRules.checkNonEmptyAggregateID(read.aggregateID, "aggregate_id")
            guard read.fromVersion >= 1 else { throw .invalidArgument("from_version is 0; versions start at 1") }
        case .readTypes(let read):
            try FieldRules.checkTypeFilters(read.types, atLeast: 1)
        case .readAfter(let read):
            try FieldRules.checkTypeFilters(read.types, atLeast: 0)
        case .subscribe(let subscribe):
            try FieldRules.checkTypeFilters(subscribe.types, atLeast: 0)
        case .credit(let credit):
            guard credit.additional >= 1 else { throw .invalidArgument("credit additional is 0; it must be >= 1") }
        case .consumerGet(let get):
            try FieldRules.checkConsumer(get.consumer)
        case .consumerUpdate(let update):
            try FieldRules.checkConsumer(update.consumer)
        case .consumerReset(let reset):
            try FieldRules.checkConsumer(reset.consumer)
        case .ping, .cancel:
            break
        }
    }
}

extension ClientMessage.Emit {
    func validate(maxBatchEvents: UInt32) throws(ProtocolError) {
        let count = self.events.eventCount
        guard count >= 1 else { throw .invalidArgument("EMIT carries no events; it must carry at least 1") }
        guard count <= maxBatchEvents else {
            throw .invalidArgument("EMIT carries \(count) events; max_batch_events is \(maxBatchEvents)")
        }
        guard self.expectations.count <= count else {
            throw .invalidArgument("\(self.expectations.count) expectations for \(count) events")
        }
        var seen = Set<String>()
        for expectation in self.expectations {
            try FieldRules.checkNonEmptyAggregateID(expectation.aggregateID, "expectation aggregate_id")
            guard seen.insert(expectation.aggregateID).inserted else {
                throw .invalidArgument("two expectations name the same aggregate")
            }
        }
        for event in self.events {
            try FieldRules.checkType(event.type)
            try FieldRules.checkAggregateID(event.aggregateID)
        }
    }
}
