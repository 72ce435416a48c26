"""Wire primitives of protocol v1 (``protocol/README.md`` §1): big-endian integers, ``string``, ``bytes``,
``uuid`` and ``bool``, read with the spec's checks and written with the spec's limits.

A :class:`Reader` reads fields strictly in order and raises :class:`~disco_client.errors.ProtocolViolation`
at the first field that is wrong; every length is checked against the bytes actually left before it is
used, so nothing is ever allocated from an untrusted count.
"""

from __future__ import annotations

import builtins
import struct
import uuid

from .errors import ErrorCode, ProtocolViolation

__all__ = ["Reader", "Writer", "U8_MAX", "U16_MAX", "U32_MAX", "U64_MAX", "I64_MIN", "I64_MAX"]

U8_MAX = 0xFF
U16_MAX = 0xFFFF
U32_MAX = 0xFFFF_FFFF
U64_MAX = 0xFFFF_FFFF_FFFF_FFFF
I64_MIN = -(1 << 63)
I64_MAX = (1 << 63) - 1

_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_I64 = struct.Struct(">q")


def _truncated(what: str) -> ProtocolViolation:
    return ProtocolViolation(ErrorCode.MALFORMED_FRAME, "truncated", f"truncated: the body ends inside {what}")


class Reader:
    """Reads big-endian fields from a byte buffer, in order, with the spec's checks."""

    __slots__ = ("_buf", "_pos", "_end")

    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        view = memoryview(data)
        self._buf = view if view.format == "B" else view.cast("B")
        self._pos = 0
        self._end = len(self._buf)

    @property
    def remaining(self) -> int:
        """The number of bytes not read yet."""
        return self._end - self._pos

    def _take(self, n: int, what: str) -> memoryview:
        if n > self._end - self._pos:
            raise _truncated(what)
        view = self._buf[self._pos : self._pos + n]
        self._pos += n
        return view

    def u8(self, what: str = "u8") -> int:
        """Read one unsigned byte."""
        if self._pos >= self._end:
            raise _truncated(what)
        value = self._buf[self._pos]
        self._pos += 1
        return value

    def u16(self, what: str = "u16") -> int:
        """Read a big-endian ``u16``."""
        value: int = _U16.unpack(self._take(2, what))[0]
        return value

    def u32(self, what: str = "u32") -> int:
        """Read a big-endian ``u32``."""
        value: int = _U32.unpack(self._take(4, what))[0]
        return value

    def u64(self, what: str = "u64") -> int:
        """Read a big-endian ``u64``."""
        value: int = _U64.unpack(self._take(8, what))[0]
        return value

    def i64(self, what: str = "i64") -> int:
        """Read a big-endian two's-complement ``i64``."""
        value: int = _I64.unpack(self._take(8, what))[0]
        return value

    def bool(self, what: str = "bool") -> bool:
        """Read a ``bool``: a ``u8`` that must be 0 or 1 (else ``MALFORMED_FRAME``, ``invalid_bool``)."""
        value = self.u8(what)
        if value > 1:
            raise ProtocolViolation(
                ErrorCode.MALFORMED_FRAME, "invalid_bool", f"{what} is {value}, not 0 or 1"
            )
        return value == 1

    def string(self, what: str = "string") -> str:
        """Read a ``string``: ``u16`` length then strict UTF-8 (else ``INVALID_UTF8``)."""
        n = self.u16(f"{what} length")
        raw = self._take(n, what)
        try:
            # Python's strict UTF-8 codec follows RFC 3629: it rejects overlong forms, encoded surrogates
            # and anything above U+10FFFF.
            return str(raw, "utf-8")
        except UnicodeDecodeError:
            raise ProtocolViolation(
                ErrorCode.INVALID_UTF8, "invalid_utf8", f"{what} is not valid UTF-8"
            ) from None

    def bytes(self, what: str = "bytes") -> bytes:
        """Read a ``bytes``: ``u32`` length then that many raw bytes."""
        n = self.u32(f"{what} length")
        return bytes(self._take(n, what))

    def uuid(self, what: str = "uuid") -> uuid.UUID:
        """Read a 16-byte ``uuid`` in RFC 9562 byte order."""
        return uuid.UUID(bytes=bytes(self._take(16, what)))

    def raw(self, n: int, what: str = "bytes") -> builtins.bytes:
        """Read exactly ``n`` raw bytes."""
        return bytes(self._take(n, what))

    def rest(self) -> builtins.bytes:
        """Read every byte that is left."""
        return bytes(self._take(self.remaining, "rest"))

    def require_count(self, count: int, min_item_size: int, what: str) -> None:
        """Fail as truncated if ``count`` items of at least ``min_item_size`` bytes cannot fit in what is left.

        Call this before allocating anything sized by an untrusted count.
        """
        if count * min_item_size > self.remaining:
            raise _truncated(what)

    def finish(self) -> None:
        """Require that every byte was consumed (else ``MALFORMED_FRAME``, ``trailing_bytes``)."""
        if self._pos != self._end:
            raise ProtocolViolation(
                ErrorCode.MALFORMED_FRAME,
                "trailing_bytes",
                f"{self._end - self._pos} bytes left after the last field",
            )


def _range(value: int, lo: int, hi: int, what: str) -> int:
    if not lo <= value <= hi:
        raise ValueError(f"{what} = {value} is outside {lo}...{hi}")
    return value


class Writer:
    """Builds a body (or any byte sequence) field by field, big-endian."""

    __slots__ = ("buf",)

    def __init__(self) -> None:
        self.buf = bytearray()

    def u8(self, value: int, what: str = "u8") -> "Writer":
        """Append one unsigned byte."""
        self.buf.append(_range(int(value), 0, U8_MAX, what))
        return self

    def u16(self, value: int, what: str = "u16") -> "Writer":
        """Append a big-endian ``u16``."""
        self.buf += _U16.pack(_range(int(value), 0, U16_MAX, what))
        return self

    def u32(self, value: int, what: str = "u32") -> "Writer":
        """Append a big-endian ``u32``."""
        self.buf += _U32.pack(_range(int(value), 0, U32_MAX, what))
        return self

    def u64(self, value: int, what: str = "u64") -> "Writer":
        """Append a big-endian ``u64``."""
        self.buf += _U64.pack(_range(int(value), 0, U64_MAX, what))
        return self

    def i64(self, value: int, what: str = "i64") -> "Writer":
        """Append a big-endian ``i64``."""
        self.buf += _I64.pack(_range(int(value), I64_MIN, I64_MAX, what))
        return self

    def bool(self, value: bool) -> "Writer":
        """Append a ``bool`` as 0 or 1."""
        self.buf.append(1 if value else 0)
        return self

    def string(self, value: str, what: str = "string") -> "Writer":
        """Append a ``string``: ``u16`` byte length then UTF-8. Lone surrogates are refused."""
        try:
            raw = value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{what} cannot be encoded as UTF-8") from None
        if len(raw) > U16_MAX:
            raise ValueError(f"{what} is {len(raw)} bytes; a string holds at most {U16_MAX}")
        self.buf += _U16.pack(len(raw))
        self.buf += raw
        return self

    def bytes(self, value: bytes | bytearray | memoryview, what: str = "bytes") -> "Writer":
        """Append a ``bytes``: ``u32`` length then the raw bytes."""
        n = len(value)
        if n > U32_MAX:
            raise ValueError(f"{what} is {n} bytes; at most {U32_MAX}")
        self.buf += _U32.pack(n)
        self.buf += value
        return self

    def uuid(self, value: uuid.UUID) -> "Writer":
        """Append a ``uuid`` as its 16 bytes in RFC 9562 order."""
        self.buf += value.bytes
        return self

    def raw(self, value: builtins.bytes | bytearray | memoryview) -> "Writer":
        """Append raw bytes."""
        self.buf += value
        return self

    def getvalue(self) -> builtins.bytes:
        """The bytes written so far."""
        return bytes(self.buf)
