import struct Foundation.UUID

extension UUID {
    /// Whether this id sorts before `other` byte by byte, as databases order `uuid` values and 16-byte blobs.
    package func isOrdered(before other: UUID) -> Bool {
        withUnsafeBytes(of: self.uuid) { lhs in
            withUnsafeBytes(of: other.uuid) { rhs in
                lhs.lexicographicallyPrecedes(rhs)
            }
        }
    }
}
