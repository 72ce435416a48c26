import DiscoProtocol
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes and decodes `EVENTS` frames of 1,000 stored events with ~200-byte JSON payloads, with and without
/// zlib, and prints events/s and the compression ratio. Run: `swift run -c release disco-codec-bench [seconds]`.

let eventsPerBatch = 1_000
let secondsPerCase = Double(CommandLine.arguments.dropFirst().first ?? "") ?? 3

/// A realistic, compressible event: an order line with varying ids, quantities and prices.
func makeEvent(_ index: Int) -> StoredEventRecord {
    var payload = ByteBuffer()
    payload.writeString(
        #"{"order_id":"ord-2025-11-\#(100_000 + index)","customer_id":"cus-\#(index * 7919 % 100_000)","#
            + #""sku":"SKU-\#(index % 977)","quantity":\#(index % 5 + 1),"unit_price":"\#(index % 90 + 9).99","#
            + #""currency":"EUR","warehouse":"fra-\#(index % 3)","channel":"web","shipping":"standard","promo":null}"#
    )
    var meta = ByteBuffer()
    meta.writeString(#"{"trace_id":"\#(String(UInt64(index) &* 0x9E37_79B9_7F4A_7C15, radix: 16))"}"#)
    return StoredEventRecord(
        offset: UInt64(1_000_000 + index),
        id: UUID(),
        aggregateVersion: UInt64(index % 12 + 1),
        emittedAt: 1_764_201_600_000_000 + Int64(index) * 137,
        type: "OrderLineAdded",
        aggregateID: "order-\(100_000 + index / 4)",
        payload: payload,
        meta: meta
    )
}

/// Runs `body` repeatedly for about `secondsPerCase`; returns batches per second.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    try body()
    var iterations = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(secondsPerCase) {
        try body()
        iterations += 1
        elapsed = clock.now - start
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(iterations) / seconds
}

func format(_ value: Double) -> String {
    let rounded = Int(value.rounded())
    var digits = String(rounded)
    var index = digits.count - 3
    while index > 0 {
        digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
        index -= 3
    }
    return digits
}

let events = (0..<eventsPerBatch).map(makeEvent)
let payloadBytes = events.reduce(0) { $0 + $1.payload.readableBytes } / eventsPerBatch
print(
    "disco-codec-bench: \(eventsPerBatch) events per EVENTS frame, payload ~\(payloadBytes) bytes, \(secondsPerCase) s per case"
)

for codec in BatchCodec.allCases {
    var frame = ByteBuffer()
    func encode() {
        var writer = EventBatchWriter<StoredEventRecord>(capacity: 512 * 1024)
        for event in events {
            writer.append(event)
        }
        frame.clear()
        ServerMessage.events(writer.finish(codec: codec)).encodeFrame(requestID: 1, into: &frame)
    }
    encode()
    let wire = frame
    let recordsSize = events.reduce(0) { $0 + $1.encodedSize }
    var checksum = 0
    func decode() throws {
        var input = wire
        var decoder = FrameDecoder(maxFrameSize: Int(ProtocolLimits.defaultMaxFrameSize))
        guard let decoded = try decoder.decode(buffer: &input),
            case .events(let batch) = try ServerMessage(frame: decoded, maxRecordsSize: decoder.maxFrameSize)
        else { fatalError("the frame does not decode to EVENTS") }
        for record in batch {
            checksum &+= record.payload.readableBytes &+ Int(record.offset)
        }
    }
    let encodeRate = measure(encode) * Double(eventsPerBatch)
    let decodeRate = try measure(decode) * Double(eventsPerBatch)
    let ratio = Double(recordsSize) / Double(wire.readableBytes)
    print(
        "codec \(codec): frame \(format(Double(wire.readableBytes))) bytes for \(format(Double(recordsSize))) bytes of records "
            + "(ratio \((ratio * 100).rounded() / 100)x); encode \(format(encodeRate)) events/s; "
            + "decode \(format(decodeRate)) events/s (checksum \(checksum % 10))"
    )
}
