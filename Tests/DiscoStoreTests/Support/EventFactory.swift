import DiscoStore
import NIOCore

/// Builds events for tests.
enum EventFactory {
    /// An event whose payload names it, so that tests can check payloads round-trip.
    static func event(
        _ type: String = "TestEvent",
        aggregate: String? = nil,
        payload: String? = nil,
        meta: String = ""
    ) -> NewEvent {
        NewEvent(
            type: type,
            aggregateID: aggregate,
            payload: ByteBuffer(string: payload ?? "payload of \(type)"),
            meta: ByteBuffer(string: meta)
        )
    }

    /// `count` events of `size`-byte payloads.
    static func events(_ count: Int, type: String = "TestEvent", aggregate: String? = nil, size: Int = 16) -> [NewEvent] {
        (0..<count).map { _ in
            NewEvent(type: type, aggregateID: aggregate, payload: ByteBuffer(repeating: 0x61, count: size))
        }
    }
}
