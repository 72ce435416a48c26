"""Framing (``protocol/README.md`` §2): the 10-byte header, opcodes, and an incremental frame decoder.

Every message in both directions is ``u32 length, u8 opcode, u8 flags, u32 request_id, body`` where
``length = 6 + len(body)``. The frame size is ``4 + length``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import IntEnum

from .errors import ErrorCode, FrameTooLargeDetails, ProtocolViolation

__all__ = [
    "Opcode",
    "CLIENT_OPCODES",
    "SERVER_OPCODES",
    "HEADER_SIZE",
    "DEFAULT_MAX_FRAME_SIZE",
    "MIN_MAX_FRAME_SIZE",
    "Frame",
    "FrameDecoder",
    "encode_frame",
]

HEADER_SIZE = 10
#: The default max frame size, and the largest a server announces: 16 MiB.
DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024
#: The smallest max frame size either side may announce (and the server's limit before the handshake).
MIN_MAX_FRAME_SIZE = 64 * 1024

_HEADER = struct.Struct(">IBBI")


class Opcode(IntEnum):
    """Every opcode of protocol v1. Client-to-server opcodes have the high bit clear."""

    HELLO = 0x01
    PING = 0x02
    EMIT = 0x10
    READ_AGGREGATE = 0x20
    READ_TYPES = 0x21
    READ_AFTER = 0x22
    SUBSCRIBE = 0x23
    CREDIT = 0x28
    CANCEL = 0x29
    CONSUMER_GET = 0x30
    CONSUMER_UPDATE = 0x31
    CONSUMER_RESET = 0x32
    HELLO_OK = 0x81
    PONG = 0x82
    EMITTED = 0x90
    EVENTS = 0xA0
    CAUGHT_UP = 0xA1
    STREAM_END = 0xA2
    CONSUMER_OFFSET = 0xB0
    ERROR = 0xFF


#: Opcodes a server accepts.
CLIENT_OPCODES = frozenset(op for op in Opcode if op < 0x80)
#: Opcodes a client accepts.
SERVER_OPCODES = frozenset(op for op in Opcode if op >= 0x80)


@dataclass(frozen=True)
class Frame:
    """One whole frame: its opcode (as received, possibly undefined), request id and body bytes."""

    opcode: int
    request_id: int
    body: bytes

    @property
    def size(self) -> int:
        """The frame size: header plus body."""
        return HEADER_SIZE + len(self.body)


def encode_frame(opcode: int, request_id: int, body: bytes | bytearray = b"") -> bytes:
    """Lay out one frame: header (flags 0) followed by ``body``."""
    if not 0 <= request_id <= 0xFFFF_FFFF:
        raise ValueError(f"request_id {request_id} is not a u32")
    length = 6 + len(body)
    if length > 0xFFFF_FFFF:
        raise ValueError("frame body too large for a u32 length")
    return _HEADER.pack(length, opcode, 0, request_id) + bytes(body)


class FrameDecoder:
    """Splits a byte stream into frames, following ``protocol/README.md`` §2.1 step by step.

    Feed it bytes as they arrive with :meth:`feed` and take whole frames with :meth:`next_frame` (or iterate
    over :meth:`frames`). A framing failure raises :class:`ProtocolViolation` -- ``MALFORMED_FRAME`` with
    request id 0 for ``length < 6`` or non-zero flags, ``FRAME_TOO_LARGE`` with the header's request id when
    the frame is larger than ``max_frame_size`` -- and leaves the decoder failed: the framing can no longer
    be trusted and the connection must close. An oversize frame is refused from its 10-byte header alone;
    its body is never buffered.
    """

    def __init__(self, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE) -> None:
        self.max_frame_size = max_frame_size
        self._buf = bytearray()
        self._failed: ProtocolViolation | None = None

    @property
    def buffered(self) -> int:
        """Bytes held that do not make a whole frame yet."""
        return len(self._buf)

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Append bytes read from the socket."""
        if self._failed is None:
            self._buf += data

    def next_frame(self) -> Frame | None:
        """Return the next whole frame, or ``None`` if more bytes are needed."""
        if self._failed is not None:
            raise self._failed
        buf = self._buf
        # 1. Fewer than 4 bytes: wait.
        if len(buf) < 4:
            return None
        # 2. length < 6: the framing cannot be trusted.
        (length,) = struct.unpack_from(">I", buf, 0)
        if length < 6:
            raise self._fail(
                ProtocolViolation(
                    ErrorCode.MALFORMED_FRAME,
                    "frame_length_too_small",
                    f"frame length {length} is less than 6",
                    request_id=0,
                )
            )
        # 3. Fewer than 10 bytes: wait.
        if len(buf) < HEADER_SIZE:
            return None
        _, opcode, flags, request_id = _HEADER.unpack_from(buf, 0)
        # 4. Flags must be 0.
        if flags != 0:
            raise self._fail(
                ProtocolViolation(
                    ErrorCode.MALFORMED_FRAME,
                    "nonzero_flags",
                    f"frame flags are {flags:#x}, not 0",
                    request_id=0,
                )
            )
        # 5. Over the max frame size: decided from the header alone.
        size = 4 + length
        if size > self.max_frame_size:
            raise self._fail(
                ProtocolViolation(
                    ErrorCode.FRAME_TOO_LARGE,
                    "frame_too_large",
                    f"frame of {size} bytes is over the limit of {self.max_frame_size}",
                    details=FrameTooLargeDetails(self.max_frame_size),
                    request_id=request_id,
                )
            )
        # 6. Wait for the whole frame.
        if len(buf) < size:
            return None
        # 7. Consume it; the body is decoded by the caller.
        body = bytes(buf[HEADER_SIZE:size])
        del buf[:size]
        return Frame(opcode, request_id, body)

    def frames(self) -> list[Frame]:
        """Every whole frame buffered so far (raises at the first framing failure)."""
        out: list[Frame] = []
        while (frame := self.next_frame()) is not None:
            out.append(frame)
        return out

    def _fail(self, error: ProtocolViolation) -> ProtocolViolation:
        self._failed = error
        self._buf.clear()
        return error
