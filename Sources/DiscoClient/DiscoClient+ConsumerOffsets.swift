import DiscoProtocol

extension DiscoClient {
    /// A named consumer's stored offset (0 and not known for a consumer that never stored one).
    public func consumerOffset(_ consumer: String) async throws -> ConsumerOffset {
        try await self.consumerRequest(.consumerGet(.init(consumer: consumer)))
    }

    /// Stores a consumer's offset.
    ///
    /// - Parameter expected: when set, the update applies only if the stored offset is this one (0 also matches a
    ///   consumer with none); otherwise it fails with ``DiscoClientError/Code-swift.struct/consumerOffsetConflict``.
    ///   A retry after a lost connection that finds the offset already updated counts as success.
    @discardableResult
    public func updateConsumerOffset(_ consumer: String, to offset: UInt64, expected: UInt64? = nil) async throws -> ConsumerOffset {
        do {
            return try await self.consumerRequest(.consumerUpdate(.init(consumer: consumer, offset: offset, expected: expected)))
        } catch let error as DiscoClientError where error.code == .consumerOffsetConflict {
            // An earlier attempt may have applied before its answer was lost.
            guard case .consumerOffsetConflict(offset, true) = error.details else { throw error }
            return ConsumerOffset(offset: offset, isKnown: true)
        }
    }

    /// Sets a consumer's offset back to 0, so that it processes the log again from the start.
    @discardableResult
    public func resetConsumerOffset(_ consumer: String) async throws -> ConsumerOffset {
        try await self.consumerRequest(.consumerReset(.init(consumer: consumer)))
    }

    private func consumerRequest(_ message: ClientMessage) async throws -> ConsumerOffset {
        try await self.withRetries { connection, timeout in
            let answer = try await connection.request(message, timeout: timeout)
            guard case .consumerOffset(let offset) = answer else { throw DiscoClientError.unexpectedAnswer(answer) }
            return ConsumerOffset(offset: offset.offset, isKnown: offset.known)
        }
    }
}
