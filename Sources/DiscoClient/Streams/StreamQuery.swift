import DiscoProtocol

/// What a read or subscription asks for, and how to ask for it again from a position: the next page of a
/// read, or the rest of a stream after a lost connection.
struct StreamQuery: Sendable {
    enum Kind: Sendable {
        /// `READ_AGGREGATE`: positions are aggregate versions.
        case aggregate(String)
        /// `READ_TYPES`: positions are offsets.
        case types([String])
        /// `READ_AFTER`: positions are offsets.
        case after(types: [String])
        /// `SUBSCRIBE`: positions are offsets; never ends by itself.
        case subscription(types: [String])
    }

    var kind: Kind
    /// The most events in all (`nil` for no limit).
    var limit: UInt64? = nil

    /// Whether the stream stays open after catching up.
    var isSubscription: Bool {
        if case .subscription = self.kind { return true }
        return false
    }

    /// The request that continues after `position` (the last offset, or version, delivered), for at most
    /// `pageSize` events.
    func request(after position: UInt64, pageSize: UInt64, credit: UInt32) -> ClientMessage {
        let pageLimit = UInt32(clamping: min(pageSize, self.limit ?? .max))
        switch self.kind {
        case .aggregate(let aggregateID):
            return .readAggregate(.init(aggregateID: aggregateID, fromVersion: position + 1, limit: pageLimit, credit: credit))
        case .types(let types):
            return .readTypes(.init(afterOffset: position, limit: pageLimit, types: types, credit: credit))
        case .after(let types):
            return .readAfter(.init(afterOffset: position, limit: pageLimit, types: types, credit: credit))
        case .subscription(let types):
            return .subscribe(.init(afterOffset: position, types: types, credit: credit))
        }
    }

    /// The position of an event in this stream: its aggregate version for aggregate reads, else its offset.
    func position(of record: StoredEventRecord) -> UInt64 {
        if case .aggregate = self.kind { return record.aggregateVersion }
        return record.offset
    }
}
