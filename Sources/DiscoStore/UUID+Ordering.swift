import struct Foundation.UUID

extension UUID {
    /// Whether this id sorts before `other` byte by byte, as databases order `uuid` values and 16-byte blobs.
    package func isOrdered(before other: UUID) -> Bool {
        let (lhs, rhs) = (self.bigEndianWords, other.bigEndianWords)
        return lhs.high < rhs.high || (lhs.high == rhs.high && lhs.low < rhs.low)
    }

    /// The 16 bytes as two integers that compare like the bytes do.
    private var bigEndianWords: (high: UInt64, low: UInt64) {
        withUnsafeBytes(of: self.uuid) { bytes in
            (
                UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)),
                UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
    }
}
