"""Event ids: UUIDv7 (RFC 9562 §5.7), generated on the client so that emits can be retried idempotently."""

from __future__ import annotations

import os
import threading
import time
import uuid
from typing import Callable

__all__ = ["uuid7", "uuid7_timestamp_ms", "UUID7Generator"]


class UUID7Generator:
    """Makes strictly increasing UUIDv7s: 48 bits of Unix milliseconds, version 7, variant ``10``, random
    bits.

    Within one millisecond the 12-bit ``rand_a`` field is a counter (RFC 9562 §6.2, method 1) that starts at
    a random value below 2048; if it overflows, or the clock steps back, the timestamp is advanced past the
    last one used instead, so ids never go backwards.
    """

    def __init__(self, clock_ms: Callable[[], int] | None = None) -> None:
        self._clock_ms = clock_ms or (lambda: time.time_ns() // 1_000_000)
        self._lock = threading.Lock()
        self._last_ms = -1
        self._counter = 0

    def __call__(self) -> uuid.UUID:
        """A new UUIDv7."""
        ms = self._clock_ms()
        rand = int.from_bytes(os.urandom(10), "big")
        with self._lock:
            if ms > self._last_ms:
                counter = (rand >> 64) & 0x7FF
            else:
                ms = self._last_ms
                counter = self._counter + 1
                if counter > 0xFFF:
                    ms += 1
                    counter = (rand >> 64) & 0x7FF
            self._last_ms, self._counter = ms, counter
        value = (
            ((ms & ((1 << 48) - 1)) << 80)
            | (0x7 << 76)
            | (counter << 64)
            | (0b10 << 62)
            | (rand & ((1 << 62) - 1))
        )
        return uuid.UUID(int=value)


_default = UUID7Generator()


def uuid7() -> uuid.UUID:
    """A new UUIDv7 from the process-wide generator (strictly increasing within this process)."""
    return _default()


def uuid7_timestamp_ms(value: uuid.UUID) -> int:
    """The Unix-millisecond timestamp held by a UUIDv7."""
    return value.int >> 80
