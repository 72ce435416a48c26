import DiscoProtocol

extension DiscoClient {
    /// Emits one event; returns where it was stored.
    ///
    /// - Parameter expectedVersion: when set, the event is stored only if its aggregate's current version is as
    ///   expected; otherwise the emit fails with ``DiscoClientError/Code-swift.struct/versionConflict``.
    @discardableResult
    public func emit(_ event: NewEvent, expectedVersion: ExpectedVersion? = nil) async throws -> EmittedEvent {
        var expectedVersions: [String: ExpectedVersion] = [:]
        if let expectedVersion {
            guard let aggregateID = event.aggregateID else {
                throw DiscoClientError(code: .invalidArgument, message: "an expected version needs an aggregate id")
            }
            expectedVersions[aggregateID] = expectedVersion
        }
        let result = try await self.emit([event], expectedVersions: expectedVersions)
        guard let emitted = result.events.first else {
            throw DiscoClientError.protocolViolation("EMITTED without the emitted event")
        }
        return emitted
    }

    /// Emits events atomically: all are stored, in order, or none.
    ///
    /// Retried by itself on retriable failures (a lost connection, `STORAGE_UNAVAILABLE`, `SHUTTING_DOWN`...) with
    /// the same event ids: the server stores each id once, so a retry never duplicates an event; a retry of an
    /// emit that was stored already answers with ``EmitResult/replayed`` set.
    ///
    /// - Parameter expectedVersions: per aggregate id, what its current version must be; a mismatch fails the
    ///   whole emit with ``DiscoClientError/Code-swift.struct/versionConflict`` and stores nothing.
    @discardableResult
    public func emit(_ events: [NewEvent], expectedVersions: [String: ExpectedVersion] = [:]) async throws -> EmitResult {
        guard !events.isEmpty else {
            throw DiscoClientError(code: .invalidArgument, message: "an emit needs at least one event")
        }
        let expectations = expectedVersions.sorted { $0.key < $1.key }.map {
            ClientMessage.Emit.Expectation(aggregateID: $0.key, expected: $0.value.wire)
        }
        var batch = EventBatch(events.lazy.map(\.record))
        return try await self.withRetries { connection, timeout in
            batch.codec = connection.emitCodec
            let answer = try await connection.request(.emit(.init(expectations: expectations, events: batch)), timeout: timeout)
            guard case .emitted(let emitted) = answer, emitted.events.count == events.count else {
                throw DiscoClientError.unexpectedAnswer(answer)
            }
            return EmitResult(
                replayed: emitted.replayed,
                events: zip(events, emitted.events).map { event, position in
                    EmittedEvent(
                        id: event.id,
                        offset: position.offset,
                        aggregateVersion: position.aggregateVersion,
                        emittedAtMicroseconds: position.emittedAt
                    )
                }
            )
        }
    }
}
