import DiscoProtocol
import DiscoStore

extension ClientMessage.Emit {
    /// The store request for this EMIT.
    ///
    /// - Throws: `INVALID_ARGUMENT` for an expected version too large for the store (above `Int64.max`).
    package func storeRequest() throws(ProtocolError) -> EmitRequest {
        var expectedVersions: [String: DiscoStore.ExpectedVersion] = [:]
        expectedVersions.reserveCapacity(self.expectations.count)
        for expectation in self.expectations {
            switch expectation.expected {
            case .noEvents:
                expectedVersions[expectation.aggregateID] = .noEvents
            case .exactly(let version):
                guard let version = Int64(exactly: version) else {
                    throw .invalidArgument("expected version \(version) is out of range")
                }
                expectedVersions[expectation.aggregateID] = .exactly(version)
            }
        }
        var events: [NewEvent] = []
        events.reserveCapacity(self.events.eventCount)
        for record in self.events {
            events.append(
                NewEvent(
                    id: record.id,
                    type: record.type,
                    aggregateID: record.aggregateID,
                    payload: record.payload,
                    meta: record.meta
                )
            )
        }
        return EmitRequest(events: events, expectedVersions: expectedVersions)
    }
}

extension ServerMessage.Emitted {
    /// The EMITTED answer for a store result.
    package init(_ result: EmitResult) {
        self.init(
            replayed: result.replayed,
            events: result.events.map { event in
                StoredPosition(
                    offset: UInt64(event.offset),
                    aggregateVersion: UInt64(event.aggregateVersion ?? 0),
                    emittedAt: event.emittedAt.microsecondsSinceEpoch
                )
            }
        )
    }
}
