import DiscoStore
import struct Foundation.UUID
import NIOCore

/// The rows every workload and baseline writes: batches of events of ``payloadSize``-byte payloads, each
/// event of one of a few types and one of 100 aggregates per batch.
enum BenchEvents {
    static let payloadSize = 200
    static let types = ["OrderPlaced", "OrderPaid", "OrderShipped", "CartUpdated", "UserSeen"]
    static let aggregatesPerBatch = 100

    static func batches(count: Int, size: Int) -> [[NewEvent]] {
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: Self.payloadSize)
        return (0..<count).map { batch in
            (0..<size).map { index in
                NewEvent(
                    id: UUIDv7.generate(),
                    type: Self.types[index % Self.types.count],
                    aggregateID: "order-\(batch)-\(index % Self.aggregatesPerBatch)",
                    payload: payload
                )
            }
        }
    }

    /// One single event, as a caller of the single-emit workload sends it.
    static func single(caller: Int, sequence: Int) -> NewEvent {
        NewEvent(
            type: Self.types[sequence % Self.types.count],
            aggregateID: "user-\(caller)",
            payload: ByteBuffer(repeating: UInt8(ascii: "y"), count: Self.payloadSize)
        )
    }
}
