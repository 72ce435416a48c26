import DiscoStore
import NIOCore

/// The events every workload and baseline writes: JSON-like payloads of ``payloadSize`` bytes (compressible as
/// real payloads are), spread over ``typeCount`` event types and ``aggregateCount`` aggregates.
struct BenchEvents: Codable, Sendable {
    var payloadSize = 200
    var typeCount = 5
    var aggregateCount = 1_000

    private static let knownTypes = ["OrderPlaced", "OrderPaid", "OrderShipped", "CartUpdated", "UserSeen"]

    /// The `index`-th event type.
    func type(_ index: Int) -> String {
        let slot = index % max(1, self.typeCount)
        return slot < Self.knownTypes.count ? Self.knownTypes[slot] : "DomainEvent\(slot)"
    }

    /// `count` batches of `size` events each.
    func batches(count: Int, size: Int) -> [[NewEvent]] {
        (0..<count).map { batch in
            (0..<size).map { index in
                let sequence = batch * size + index
                return NewEvent(
                    id: UUIDv7.generate(),
                    type: self.type(sequence),
                    aggregateID: "order-\(sequence % max(1, self.aggregateCount))",
                    payload: self.payload(sequence: sequence)
                )
            }
        }
    }

    /// One single event, as a caller of a single-emit workload sends it, its payload taken from `payloads`
    /// (see ``payloadPool(count:)``): building a JSON document per emit would bill the benchmark's own work to
    /// the store.
    func single(caller: Int, sequence: Int, payloads: [ByteBuffer]) -> NewEvent {
        NewEvent(
            type: self.type(sequence),
            aggregateID: "user-\(caller)",
            payload: payloads[(caller &* 1_000_003 &+ sequence) % payloads.count]
        )
    }

    /// `count` distinct payloads to send in turn.
    func payloadPool(count: Int = 4_096) -> [ByteBuffer] {
        (0..<count).map { self.payload(sequence: $0) }
    }

    /// A JSON document of exactly ``payloadSize`` bytes (a truncated one when the size is too small for the
    /// outline): an order with line items and a free-text note, its numbers varying with `sequence`.
    func payload(sequence: Int) -> ByteBuffer {
        var random = UInt64(truncatingIfNeeded: sequence) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ bound: UInt64) -> UInt64 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (random >> 33) % bound
        }
        var json = #"{"orderId":"ord-\#(sequence)","customerId":"cust-\#(next(50_000))","currency":"EUR","items":["#
        let closing = #"],"note":""}"#
        var first = true
        while true {
            let item =
                #"{"sku":"SKU-\#(next(9_000) + 1_000)","quantity":\#(next(9) + 1),"priceCents":\#(next(20_000))}"#
            let separator = first ? "" : ","
            guard json.utf8.count + separator.utf8.count + item.utf8.count + closing.utf8.count <= self.payloadSize
            else { break }
            json += separator + item
            first = false
        }
        let words = ["please", "leave", "at", "the", "door", "gift", "wrap", "call", "before", "delivery"]
        let noteSize = max(0, self.payloadSize - json.utf8.count - closing.utf8.count)
        var note = ""
        while note.utf8.count < noteSize {
            note += (note.isEmpty ? "" : " ") + words[Int(next(UInt64(words.count)))]
        }
        note = String(note.prefix(noteSize))
        json += #"],"note":"\#(note)"}"#
        return ByteBuffer(bytes: json.utf8.prefix(self.payloadSize))
    }
}
