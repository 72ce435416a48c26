import Synchronization

import struct Foundation.Date
import struct Foundation.UUID

#if canImport(Glibc)
import Glibc
#endif

/// Generates time-ordered UUIDs (version 7, RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
/// and 62 random bits.
///
/// Ids from one process are strictly increasing (the counter orders ids within a millisecond; a clock that
/// steps back is ignored), so a database index on them only ever appends.
public enum UUIDv7 {
    private struct State {
        var milliseconds: UInt64 = 0
        var counter: UInt16 = 0
        var random = RandomPool()
    }

    private static let state = Mutex(State())

    /// A new UUIDv7, greater than every one this process generated before.
    public static func generate() -> UUID {
        let now = UInt64(max(0, Self.wallClockMilliseconds()))
        let (milliseconds, counter, random) = Self.state.withLock { state -> (UInt64, UInt16, UInt64) in
            if now > state.milliseconds {
                state.milliseconds = now
                // Start low enough to leave room to count up within the millisecond.
                state.counter = UInt16(truncatingIfNeeded: state.random.next()) & 0x7FF
            } else if state.counter < 0xFFF {
                state.counter += 1
            } else {
                state.milliseconds += 1  // counter exhausted: borrow the next millisecond
                state.counter = 0
            }
            return (state.milliseconds, state.counter, state.random.next())
        }
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

/// Random bits from the system's generator, drawn 4 KiB at a time (glibc's `arc4random_buf`, one
/// `getrandom` call) rather than by one system call per id, which was ≈ 4% of the CPU of a single-event
/// emit.
private struct RandomPool {
    private var words = [UInt64](repeating: 0, count: 512)
    private var used = 512

    mutating func next() -> UInt64 {
        if self.used == self.words.count {
            self.refill()
        }
        defer { self.used += 1 }
        return self.words[self.used]
    }

    private mutating func refill() {
        self.used = 0
        #if canImport(Glibc)
        self.words.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        #else
        var generator = SystemRandomNumberGenerator()
        for index in self.words.indices {
            self.words[index] = generator.next()
        }
        #endif
    }
}
