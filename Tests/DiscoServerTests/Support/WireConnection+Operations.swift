import DiscoProtocol
import DiscoTestSupport
import Foundation
import NIOCore

/// Everything one stream delivered: its events, whether it said CAUGHT_UP, and how it ended.
struct StreamResult: Sendable {
    var events: [StoredEventRecord] = []
    var frames = 0
    var caughtUpAt: UInt64?
    var end: ServerMessage.StreamEnd?
    var error: ServerMessage.ErrorMessage?
}

extension WireConnection {
    /// Emits `events` and returns the server's answer (EMITTED or ERROR).
    func emit(
        _ events: [NewEventRecord],
        expectations: [ClientMessage.Emit.Expectation] = [],
        codec: BatchCodec = .none,
        requestID: UInt32
    ) async throws -> ServerMessage {
        let emit = ClientMessage.Emit(expectations: expectations, events: EventBatch(events, codec: codec))
        try await self.send(.emit(emit), requestID: requestID)
        return try await self.answer(to: requestID)
    }

    /// Emits `events` and expects EMITTED.
    func emitted(_ events: [NewEventRecord], requestID: UInt32) async throws -> ServerMessage.Emitted {
        let answer = try await self.emit(events, requestID: requestID)
        guard case .emitted(let emitted) = answer else { throw WireTestError("expected EMITTED, got \(answer)") }
        return emitted
    }

    /// Reads frames until the one answering `requestID` (frames for other ids are an error here).
    func answer(to requestID: UInt32) async throws -> ServerMessage {
        let (id, message) = try await self.receive()
        guard id == requestID else { throw WireTestError("expected an answer to \(requestID), got one to \(id): \(message)") }
        return message
    }

    /// Sends a stream request and collects its frames until `stop`, granting `refill` credit after every
    /// EVENTS frame.
    func collectStream(
        _ request: ClientMessage,
        requestID: UInt32,
        refill: UInt32 = 1,
        until stop: StreamStop = .end
    ) async throws -> StreamResult {
        try await self.send(request, requestID: requestID)
        return try await self.collect(requestID: requestID, refill: refill, until: stop)
    }

    /// Collects frames of an open stream until `stop` (STREAM_END and ERROR always stop).
    func collect(requestID: UInt32, refill: UInt32 = 1, until stop: StreamStop = .end) async throws -> StreamResult {
        var result = StreamResult()
        while true {
            let (id, message) = try await self.receive()
            guard id == requestID else { throw WireTestError("unexpected frame for request \(id): \(message)") }
            switch message {
            case .events(let batch):
                result.events.append(contentsOf: batch)
                result.frames += 1
                if refill > 0 {
                    try await self.send(.credit(.init(additional: refill)), requestID: requestID)
                }
                if case .events(let count) = stop, result.events.count >= count { return result }
            case .caughtUp(let caughtUp):
                result.caughtUpAt = caughtUp.headOffset
                if case .caughtUp = stop { return result }
            case .streamEnd(let end):
                result.end = end
                return result
            case .error(let error):
                result.error = error
                return result
            default:
                throw WireTestError("unexpected frame on a stream: \(message)")
            }
        }
    }
}

/// When ``WireConnection/collect(requestID:refill:until:)`` stops collecting.
enum StreamStop {
    /// At STREAM_END or ERROR.
    case end
    /// At CAUGHT_UP.
    case caughtUp
    /// Once at least this many events arrived.
    case events(Int)
}

/// Builds new events for tests.
enum TestEvents {
    /// `count` events of `type`, optionally on one aggregate, with small JSON payloads.
    static func make(_ count: Int, type: String = "test.happened", aggregateID: String? = nil, payloadSize: Int = 64) -> [NewEventRecord] {
        (0..<count).map { index in
            let body = "{\"n\":\(index),\"pad\":\"" + String(repeating: "x", count: max(0, payloadSize - 20)) + "\"}"
            return NewEventRecord(
                id: UUID(),
                type: type,
                aggregateID: aggregateID,
                payload: ByteBuffer(string: body),
                meta: ByteBuffer(string: "{\"source\":\"tests\"}")
            )
        }
    }
}
