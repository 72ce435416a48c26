"""Event ids: UUIDv7 (RFC 9562 §5.7), generated on the client so that emits can be retried idempotently."""

from __future__ import annotations

import os
import threading
import time
import uuid

__all__ = ["uuid7", "uuid7_timestamp_ms"]

_lock = threading.Lock()
_last_ms = -1
_last_counter = 0


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A new UUIDv7: 48 bits of Unix milliseconds, version 7, then random bits.

    Ids made by one process are strictly increasing: within one millisecond the 12-bit ``rand_a`` field is
    a counter (RFC 9562 §6.2, method 1) started at a random value below 2048, and if it overflows -- or the
    clock steps back -- the timestamp is advanced by one millisecond instead.
    """
    global _last_ms, _last_counter
    ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    with _lock:
        if ms > _last_ms:
            counter = (rand >> 64) & 0x7FF  # random start in the lower half leaves room to count up
        else:
            ms = _last_ms
            counter = _last_counter + 1
            if counter > 0xFFF:
                ms += 1
                counter = (rand >> 64) & 0x7FF
        _last_ms, _last_counter = ms, counter
    rand_b = rand & ((1 << 62) - 1)
    value = (
        ((ms & ((1 << 48) - 1)) << 80)
        | (0x7 << 76)
        | (counter << 64)
        | (0b10 << 62)
        | rand_b
    )
    return uuid.UUID(int=value)


def uuid7_timestamp_ms(value: uuid.UUID) -> int:
    """The Unix-millisecond timestamp held by a UUIDv7."""
    return value.int >> 80
