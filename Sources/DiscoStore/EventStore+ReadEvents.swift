extension EventStore {
    /// Reads the range page by page with ``events(after:types:limit:)``, each page after the one before it;
    /// see the requirement for the contract.
    public func readEvents(
        after offset: Int64,
        through end: Int64?,
        types: [String],
        pageSize: Int,
        _ consume: ([RecordedEvent]) async throws -> Bool
    ) async throws {
        _ = try EventStoreArguments.checkTypedRead(types: types, limit: pageSize)
        let last = try await EventRange.lastOffset(requested: end, knownHead: nil, store: self)
        try await EventRange.readPageByPage(
            from: self,
            after: offset,
            through: last,
            types: types,
            pageSize: pageSize,
            consume
        )
    }
}

/// The parts of ``EventStore/readEvents(after:through:types:pageSize:_:)`` every backend shares.
package enum EventRange {
    /// The last offset a range read may return: `requested` (`nil` for no bound), lowered to the head.
    ///
    /// The head is read from `store` unless `knownHead` — a head offset already observed, so committed —
    /// is at or above `requested`.
    package static func lastOffset(
        requested: Int64?,
        knownHead: Int64?,
        store: some EventStore
    ) async throws -> Int64 {
        if let requested, let knownHead, requested <= knownHead {
            return requested
        }
        let head = try await store.headOffset()
        return min(requested ?? head, head)
    }

    /// Reads the events after `offset` up to `last` (committed) in pages of at most `pageSize`, each page
    /// keyset-paged after the one before it.
    package static func readPageByPage(
        from store: some EventStore,
        after offset: Int64,
        through last: Int64,
        types: [String],
        pageSize: Int,
        _ consume: ([RecordedEvent]) async throws -> Bool
    ) async throws {
        var position = offset
        while position < last {
            let page = try await store.events(after: position, types: types, limit: pageSize)
            let inRange = page.prefix { $0.offset <= last }
            if let final = inRange.last {
                guard try await consume(inRange.count == page.count ? page : Array(inRange)) else { return }
                position = final.offset
            }
            // A short page read everything committed; a page that crossed `last` read the whole range.
            guard page.count == pageSize, inRange.count == page.count else { return }
        }
    }
}
