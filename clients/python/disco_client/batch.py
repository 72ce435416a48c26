"""Batch blocks and event records (``protocol/README.md`` §6, ``messages.md`` "Batch block").

A batch block is ``u8 codec, u32 event_count, u32 records_size, block`` and is always the last field of an
``EMIT`` or ``EVENTS`` body. Codec 0 carries the records as they are; codec 1 carries one zlib stream
(RFC 1950) of them, guarded against decompression bombs.
"""

from __future__ import annotations

import uuid
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Generic, Sequence, TypeVar

from .errors import ErrorCode, ProtocolViolation, UnsupportedCodecDetails
from .ids import uuid7
from .wire import Reader, Writer

__all__ = [
    "CODEC_NONE",
    "CODEC_ZLIB",
    "KNOWN_CODECS",
    "COMPRESS_THRESHOLD",
    "BATCH_HEADER_SIZE",
    "NewEvent",
    "StoredEvent",
    "Batch",
    "encode_new_records",
    "encode_stored_records",
    "encode_batch_block",
    "decode_batch_block",
]

CODEC_NONE = 0
CODEC_ZLIB = 1
KNOWN_CODECS = frozenset({CODEC_NONE, CODEC_ZLIB})
#: Batches with fewer record bytes than this are sent uncompressed.
COMPRESS_THRESHOLD = 1024
BATCH_HEADER_SIZE = 9

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class NewEvent:
    """An event to emit (a new-event record).

    ``id`` defaults to a fresh UUIDv7 made when the object is created, so sending the same ``NewEvent``
    objects again is an idempotent retry.
    """

    type: str
    payload: bytes = b""
    aggregate_id: str = ""
    meta: bytes = b""
    id: uuid.UUID = field(default_factory=uuid7)


@dataclass(frozen=True)
class StoredEvent:
    """An event as stored and served by the server (a stored-event record)."""

    offset: int
    id: uuid.UUID
    aggregate_version: int
    emitted_at: int
    type: str
    aggregate_id: str
    payload: bytes
    meta: bytes

    @property
    def emitted_at_datetime(self) -> datetime:
        """``emitted_at`` (µs since the Unix epoch) as an aware UTC datetime."""
        return _EPOCH + timedelta(microseconds=self.emitted_at)


E = TypeVar("E", NewEvent, StoredEvent)


@dataclass(frozen=True)
class Batch(Generic[E]):
    """A decoded batch block: the codec it arrived with, the uncompressed size and the records."""

    codec: int
    records_size: int
    events: list[E]


# --- records ---------------------------------------------------------------------------------------------


def _write_new(w: Writer, e: NewEvent) -> None:
    w.uuid(e.id)
    w.string(e.type, "type")
    w.string(e.aggregate_id, "aggregate_id")
    w.bytes(e.payload, "payload")
    w.bytes(e.meta, "meta")


def _write_stored(w: Writer, e: StoredEvent) -> None:
    w.u64(e.offset, "offset")
    w.uuid(e.id)
    w.u64(e.aggregate_version, "aggregate_version")
    w.i64(e.emitted_at, "emitted_at")
    w.string(e.type, "type")
    w.string(e.aggregate_id, "aggregate_id")
    w.bytes(e.payload, "payload")
    w.bytes(e.meta, "meta")


def _read_new(r: Reader) -> NewEvent:
    id_ = r.uuid("id")
    type_ = r.string("type")
    aggregate_id = r.string("aggregate_id")
    payload = r.bytes("payload")
    meta = r.bytes("meta")
    return NewEvent(type=type_, payload=payload, aggregate_id=aggregate_id, meta=meta, id=id_)


def _read_stored(r: Reader) -> StoredEvent:
    return StoredEvent(
        offset=r.u64("offset"),
        id=r.uuid("id"),
        aggregate_version=r.u64("aggregate_version"),
        emitted_at=r.i64("emitted_at"),
        type=r.string("type"),
        aggregate_id=r.string("aggregate_id"),
        payload=r.bytes("payload"),
        meta=r.bytes("meta"),
    )


def encode_new_records(events: Sequence[NewEvent]) -> bytes:
    """The new-event records of ``events``, back to back."""
    w = Writer()
    for e in events:
        _write_new(w, e)
    return w.getvalue()


def encode_stored_records(events: Sequence[StoredEvent]) -> bytes:
    """The stored-event records of ``events``, back to back."""
    w = Writer()
    for e in events:
        _write_stored(w, e)
    return w.getvalue()


# --- block -----------------------------------------------------------------------------------------------


def encode_batch_block(
    records: bytes,
    event_count: int,
    codec: int = CODEC_NONE,
    *,
    threshold: int = COMPRESS_THRESHOLD,
    level: int = 6,
) -> bytes:
    """Lay out a batch block around already-encoded ``records``.

    With ``codec = CODEC_ZLIB`` the records are compressed only when worth it (README §6): at least
    ``threshold`` bytes, and only if the zlib output is smaller; otherwise the block is sent with codec 0.
    """
    w = Writer()
    if codec == CODEC_ZLIB and len(records) >= threshold:
        compressed = zlib.compress(records, level)
        if len(compressed) < len(records):
            w.u8(CODEC_ZLIB).u32(event_count, "event_count").u32(len(records), "records_size")
            w.raw(compressed)
            return w.getvalue()
    elif codec not in KNOWN_CODECS:
        raise ValueError(f"unknown codec {codec}")
    w.u8(CODEC_NONE).u32(event_count, "event_count").u32(len(records), "records_size")
    w.raw(records)
    return w.getvalue()


def _decompression_failed(kind: str, message: str) -> ProtocolViolation:
    return ProtocolViolation(ErrorCode.DECOMPRESSION_FAILED, kind, message)


def _inflate(block: bytes, records_size: int) -> bytes:
    """Inflate one complete zlib stream to exactly ``records_size`` bytes, never producing more than
    ``records_size + 1`` bytes of output."""
    if not block:
        raise _decompression_failed("corrupt_compressed_data", "empty compressed block")
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(block, records_size + 1)
    except zlib.error as exc:
        raise _decompression_failed("corrupt_compressed_data", f"corrupt zlib stream: {exc}") from None
    if len(out) > records_size:
        raise _decompression_failed(
            "inflated_size_mismatch", f"inflates to more than records_size ({records_size})"
        )
    if not inflater.eof:
        raise _decompression_failed(
            "corrupt_compressed_data", "the zlib stream is incomplete (no end or no Adler-32 trailer)"
        )
    if inflater.unused_data:
        raise _decompression_failed(
            "corrupt_compressed_data", f"{len(inflater.unused_data)} bytes after the zlib stream"
        )
    if len(out) != records_size:
        raise _decompression_failed(
            "inflated_size_mismatch", f"inflates to {len(out)} bytes, records_size is {records_size}"
        )
    return out


def decode_batch_block(
    r: Reader,
    *,
    stored: bool,
    max_records_size: int,
    zlib_allowed: bool = True,
) -> Batch:  # type: ignore[type-arg]
    """Decode the batch block that runs from ``r``'s position to the end of the body (README §6).

    Args:
        r: the body reader, positioned at the block; the whole rest of the body is consumed.
        stored: ``True`` for stored-event records (``EVENTS``), ``False`` for new-event records (``EMIT``).
        max_records_size: the receiver's max frame size, the limit on a compressed ``records_size``.
        zlib_allowed: whether codec 1 was negotiated on this connection.
    """
    # 1. The 9 header bytes.
    codec = r.u8("batch codec")
    event_count = r.u32("batch event_count")
    records_size = r.u32("batch records_size")
    # 2. The codec.
    if codec not in KNOWN_CODECS or (codec == CODEC_ZLIB and not zlib_allowed):
        raise ProtocolViolation(
            ErrorCode.UNSUPPORTED_CODEC,
            "unknown_codec",
            f"batch codec {codec} is not supported" + ("" if codec in KNOWN_CODECS else " (undefined)"),
            details=UnsupportedCodecDetails(codec),
        )
    block = r.rest()
    if codec == CODEC_NONE:
        # 3. records_size is the rest of the body.
        if records_size != len(block):
            raise ProtocolViolation(
                ErrorCode.MALFORMED_FRAME,
                "records_size_mismatch",
                f"records_size {records_size} but {len(block)} bytes of records follow",
            )
        records = block
    else:
        # 4. The decompression-bomb guard, checked before inflating.
        if records_size > max_records_size:
            raise _decompression_failed(
                "records_size_over_limit",
                f"records_size {records_size} is over the limit of {max_records_size}",
            )
        records = _inflate(block, records_size)
    # 5. Exactly event_count records.
    rr = Reader(records)
    read = _read_stored if stored else _read_new
    # Each record is at least 28 bytes, so a too-large event_count fails as truncated after at most
    # records_size / 28 reads; nothing is allocated from the count itself.
    events = []
    for _ in range(event_count):
        events.append(read(rr))
    if rr.remaining:
        raise ProtocolViolation(
            ErrorCode.MALFORMED_FRAME,
            "event_count_mismatch",
            f"{rr.remaining} bytes left after {event_count} records",
        )
    return Batch(codec=codec, records_size=records_size, events=events)
