import DiscoStore
import struct Foundation.Date

extension EventTimestamp {
    /// The system clock now, to the microsecond: the SQLite store's clock.
    static var now: EventTimestamp {
        EventTimestamp(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }
}
