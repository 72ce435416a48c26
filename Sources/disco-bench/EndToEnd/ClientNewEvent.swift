import DiscoClient
import NIOCore

/// The client's `NewEvent` (the store has one of the same name).
typealias ClientNewEvent = NewEvent

extension BenchEvents {
    /// One single event as the client sends it, for the `caller`-th caller's `sequence`-th emit.
    func clientEvent(caller: Int, sequence: Int, meta: ByteBuffer = ByteBuffer()) -> ClientNewEvent {
        ClientNewEvent(
            type: self.type(sequence),
            aggregateID: "user-\(caller)",
            payload: self.payload(sequence: caller &* 1_000_003 &+ sequence),
            meta: meta
        )
    }
}
