import DiscoEventID
import struct Foundation.Date
import struct Foundation.UUID
import Testing

struct UUIDv7Tests {
    @Test func idsCarryVersionSevenTheTimeAndIncreaseStrictly() {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let ids = (0..<10_000).map { _ in UUIDv7.generate() }
        for id in ids {
            #expect(id.uuid.6 >> 4 == 7)
            #expect(id.uuid.8 >> 6 == 0b10)
        }
        let first = ids[0].uuid
        let milliseconds = [first.0, first.1, first.2, first.3, first.4, first.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds >= before && milliseconds <= before + 1_000)
        let bytes = ids.map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
    }

    @Test func theRandomTailsDifferAcrossManyIds() {
        // 10,000 ids draw on the random pool many times over; equal 62-bit tails would mean a stuck pool.
        let tails = (0..<10_000).map { _ in
            withUnsafeBytes(of: UUIDv7.generate().uuid) { Array($0[8..<16]) }
        }
        #expect(Set(tails).count == tails.count)
        #expect(!tails.contains(Array(repeating: 0x80, count: 1) + Array(repeating: 0, count: 7)))
    }
}
