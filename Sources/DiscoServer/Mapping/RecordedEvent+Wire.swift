import DiscoProtocol
import DiscoStore

extension StoredEventRecord {
    /// The wire record of an event read from the store.
    package init(_ event: RecordedEvent) {
        self.init(
            offset: UInt64(event.offset),
            id: event.id,
            aggregateVersion: UInt64(event.aggregateVersion ?? 0),
            emittedAt: event.emittedAt.microsecondsSinceEpoch,
            type: event.type,
            aggregateID: event.aggregateID,
            payload: event.payload,
            meta: event.meta
        )
    }
}
