import struct Foundation.Date
import struct Foundation.UUID
import Synchronization

/// Generates time-ordered UUIDs (version 7, RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
/// and 62 random bits.
///
/// Ids from one process are strictly increasing (the counter orders ids within a millisecond; a clock that
/// steps back is ignored), so a database index on them only ever appends.
public enum UUIDv7 {
    private struct State {
        var milliseconds: UInt64 = 0
        var counter: UInt16 = 0
    }

    private static let state = Mutex(State())

    /// A new UUIDv7, greater than every one this process generated before.
    public static func generate() -> UUID {
        let now = UInt64(max(0, Self.wallClockMilliseconds()))
        let (milliseconds, counter) = Self.state.withLock { state -> (UInt64, UInt16) in
            if now > state.milliseconds {
                state.milliseconds = now
                state.counter = UInt16.random(in: 0..<0x800)  // leave room to count up within the millisecond
            } else if state.counter < 0xFFF {
                state.counter += 1
            } else {
                state.milliseconds += 1  // counter exhausted: borrow the next millisecond
                state.counter = 0
            }
            return (state.milliseconds, state.counter)
        }
        let random = UInt64.random(in: .min ... .max)
        let bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            UInt8(truncatingIfNeeded: milliseconds >> 40),
            UInt8(truncatingIfNeeded: milliseconds >> 32),
            UInt8(truncatingIfNeeded: milliseconds >> 24),
            UInt8(truncatingIfNeeded: milliseconds >> 16),
            UInt8(truncatingIfNeeded: milliseconds >> 8),
            UInt8(truncatingIfNeeded: milliseconds),
            0x70 | UInt8(truncatingIfNeeded: counter >> 8),  // version 7
            UInt8(truncatingIfNeeded: counter),
            0x80 | UInt8(truncatingIfNeeded: random >> 56) & 0x3F,  // variant 0b10
            UInt8(truncatingIfNeeded: random >> 48),
            UInt8(truncatingIfNeeded: random >> 40),
            UInt8(truncatingIfNeeded: random >> 32),
            UInt8(truncatingIfNeeded: random >> 24),
            UInt8(truncatingIfNeeded: random >> 16),
            UInt8(truncatingIfNeeded: random >> 8),
            UInt8(truncatingIfNeeded: random)
        )
        return UUID(uuid: bytes)
    }

    private static func wallClockMilliseconds() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
