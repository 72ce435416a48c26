"""Every message of protocol v1 as a dataclass, with encoding and exact decoding for both directions
(``protocol/messages.md``), plus the semantic range checks of ``protocol/README.md`` §8.

Encoding: ``message.encode(request_id)`` returns the whole frame. Decoding: :func:`decode_client_message`
(what a server does) and :func:`decode_server_message` (what a client does) take a
:class:`~disco_client.frames.Frame` and either return a message or raise
:class:`~disco_client.errors.ProtocolViolation` with the code the spec prescribes. Every body must be
consumed exactly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, ClassVar, Sequence, Union

from .batch import (
    CODEC_NONE,
    KNOWN_CODECS,
    NewEvent,
    StoredEvent,
    decode_batch_block,
    encode_batch_block,
    encode_new_records,
    encode_stored_records,
)
from .errors import (
    ConsumerOffsetConflictDetails,
    ErrorCode,
    ErrorDetails,
    EventIdConflictDetails,
    FrameTooLargeDetails,
    ProtocolViolation,
    TooManyInFlightDetails,
    UnknownOpcodeDetails,
    UnsupportedCodecDetails,
    UnsupportedVersionDetails,
    VersionConflictDetails,
)
from .frames import DEFAULT_MAX_FRAME_SIZE, MIN_MAX_FRAME_SIZE, Frame, Opcode, encode_frame
from .wire import Reader, Writer

__all__ = [
    "Message",
    "ExpectationKind",
    "StreamEndReason",
    "Expectation",
    "Hello",
    "Ping",
    "Emit",
    "ReadAggregate",
    "ReadTypes",
    "ReadAfter",
    "Subscribe",
    "Credit",
    "Cancel",
    "ConsumerGet",
    "ConsumerUpdate",
    "ConsumerReset",
    "HelloOk",
    "Pong",
    "EmittedEvent",
    "Emitted",
    "Events",
    "CaughtUp",
    "StreamEnd",
    "ConsumerOffset",
    "Error",
    "ClientMessage",
    "ServerMessage",
    "decode_client_message",
    "decode_server_message",
    "decode_error_details",
    "encode_error_details",
    "validate_client_message",
    "MAX_TYPE_FILTERS",
    "MAX_NAME_BYTES",
    "DEFAULT_MAX_BATCH_EVENTS",
]

MAX_TYPE_FILTERS = 64
MAX_NAME_BYTES = 255
DEFAULT_MAX_BATCH_EVENTS = 10_000


class ExpectationKind(IntEnum):
    """What an ``EMIT`` expectation requires of its aggregate."""

    NO_EVENTS = 1
    EXACT_VERSION = 2


class StreamEndReason(IntEnum):
    """Why a stream ended (``STREAM_END.reason``)."""

    COMPLETE = 0
    LIMIT_REACHED = 1
    CANCELLED = 2


def _malformed(kind: str, message: str) -> ProtocolViolation:
    return ProtocolViolation(ErrorCode.MALFORMED_FRAME, kind, message)


def _default_codecs() -> list[int]:
    return [1, 0]


class Message:
    """Base of every message: ``OPCODE`` and the frame encoding."""

    OPCODE: ClassVar[Opcode]

    def encode_body(self) -> bytes:
        """The body bytes of this message (no header)."""
        raise NotImplementedError

    def encode(self, request_id: int) -> bytes:
        """The whole frame of this message with ``request_id``."""
        return encode_frame(self.OPCODE, request_id, self.encode_body())


# --- client -> server ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hello(Message):
    """``HELLO`` (0x01): the first frame of a connection."""

    OPCODE: ClassVar[Opcode] = Opcode.HELLO
    min_version: int = 1
    max_version: int = 1
    client_name: str = ""
    auth_token: str = ""
    codecs: list[int] = field(default_factory=_default_codecs)
    max_frame_size: int = DEFAULT_MAX_FRAME_SIZE

    def encode_body(self) -> bytes:
        w = Writer().u16(self.min_version, "min_version").u16(self.max_version, "max_version")
        w.string(self.client_name, "client_name").string(self.auth_token, "auth_token")
        w.u8(len(self.codecs), "codec_count")
        for c in self.codecs:
            w.u8(c, "codec")
        w.u32(self.max_frame_size, "max_frame_size")
        return w.getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "Hello":
        min_v = r.u16("min_version")
        max_v = r.u16("max_version")
        name = r.string("client_name")
        token = r.string("auth_token")
        n = r.u8("codec_count")
        codecs = list(r.raw(n, "codecs"))
        return cls(min_v, max_v, name, token, codecs, r.u32("max_frame_size"))


@dataclass(frozen=True)
class Ping(Message):
    """``PING`` (0x02): liveness probe; answered by ``PONG`` with the same nonce."""

    OPCODE: ClassVar[Opcode] = Opcode.PING
    nonce: int = 0

    def encode_body(self) -> bytes:
        return Writer().u64(self.nonce, "nonce").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "Ping":
        return cls(r.u64("nonce"))


@dataclass(frozen=True)
class Expectation:
    """An ``EMIT`` expectation about one aggregate's current version."""

    aggregate_id: str
    kind: int
    version: int = 0

    @classmethod
    def no_events(cls, aggregate_id: str) -> "Expectation":
        """The aggregate must have no events yet."""
        return cls(aggregate_id, ExpectationKind.NO_EVENTS, 0)

    @classmethod
    def at_version(cls, aggregate_id: str, version: int) -> "Expectation":
        """The aggregate's current version must be exactly ``version`` (0 is the same as no events)."""
        if version == 0:
            return cls.no_events(aggregate_id)
        return cls(aggregate_id, ExpectationKind.EXACT_VERSION, version)


@dataclass(frozen=True)
class Emit(Message):
    """``EMIT`` (0x10): store ``events`` atomically if every expectation holds.

    ``codec`` is the batch codec to use (1 = zlib, applied only when worth it) or, after decoding, the codec
    the batch arrived with.
    """

    OPCODE: ClassVar[Opcode] = Opcode.EMIT
    expectations: list[Expectation]
    events: list[NewEvent]
    codec: int = CODEC_NONE

    def encode_body(self) -> bytes:
        w = Writer().u16(len(self.expectations), "expectation_count")
        for x in self.expectations:
            w.string(x.aggregate_id, "aggregate_id").u8(x.kind, "kind").u64(x.version, "version")
        w.raw(encode_batch_block(encode_new_records(self.events), len(self.events), self.codec))
        return w.getvalue()

    @classmethod
    def decode_body(cls, r: Reader, max_records_size: int, zlib_allowed: bool) -> "Emit":
        n = r.u16("expectation_count")
        expectations = []
        for _ in range(n):
            agg = r.string("aggregate_id")
            kind = r.u8("kind")
            if kind not in (ExpectationKind.NO_EVENTS, ExpectationKind.EXACT_VERSION):
                raise _malformed("invalid_enum_value", f"expectation kind {kind} is not defined")
            version = r.u64("version")
            if kind == ExpectationKind.NO_EVENTS and version != 0:
                raise _malformed("nonzero_unused_field", "expectation kind 1 with a version other than 0")
            expectations.append(Expectation(agg, kind, version))
        batch = decode_batch_block(
            r, stored=False, max_records_size=max_records_size, zlib_allowed=zlib_allowed
        )
        return cls(expectations, batch.events, batch.codec)


@dataclass(frozen=True)
class ReadAggregate(Message):
    """``READ_AGGREGATE`` (0x20): one aggregate's events in version order, from ``from_version``."""

    OPCODE: ClassVar[Opcode] = Opcode.READ_AGGREGATE
    aggregate_id: str
    from_version: int = 1
    limit: int = 0
    credit: int = 8

    def encode_body(self) -> bytes:
        w = Writer().string(self.aggregate_id, "aggregate_id").u64(self.from_version, "from_version")
        return w.u32(self.limit, "limit").u32(self.credit, "credit").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "ReadAggregate":
        return cls(r.string("aggregate_id"), r.u64("from_version"), r.u32("limit"), r.u32("credit"))


def _write_types(w: Writer, types: Sequence[str]) -> None:
    w.u16(len(types), "type_count")
    for t in types:
        w.string(t, "type")


def _read_types(r: Reader) -> list[str]:
    n = r.u16("type_count")
    return [r.string("type") for _ in range(n)]


@dataclass(frozen=True)
class ReadTypes(Message):
    """``READ_TYPES`` (0x21): events of the given types after ``after_offset``."""

    OPCODE: ClassVar[Opcode] = Opcode.READ_TYPES
    after_offset: int
    limit: int
    types: list[str]
    credit: int = 8

    def encode_body(self) -> bytes:
        w = Writer().u64(self.after_offset, "after_offset").u32(self.limit, "limit")
        _write_types(w, self.types)
        return w.u32(self.credit, "credit").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "ReadTypes":
        return cls(r.u64("after_offset"), r.u32("limit"), _read_types(r), r.u32("credit"))


@dataclass(frozen=True)
class ReadAfter(Message):
    """``READ_AFTER`` (0x22): every event (or those of ``types``) after ``after_offset``."""

    OPCODE: ClassVar[Opcode] = Opcode.READ_AFTER
    after_offset: int = 0
    limit: int = 0
    types: list[str] = field(default_factory=list)
    credit: int = 8

    def encode_body(self) -> bytes:
        w = Writer().u64(self.after_offset, "after_offset").u32(self.limit, "limit")
        _write_types(w, self.types)
        return w.u32(self.credit, "credit").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "ReadAfter":
        return cls(r.u64("after_offset"), r.u32("limit"), _read_types(r), r.u32("credit"))


@dataclass(frozen=True)
class Subscribe(Message):
    """``SUBSCRIBE`` (0x23): stored events after ``after_offset``, ``CAUGHT_UP``, then live events."""

    OPCODE: ClassVar[Opcode] = Opcode.SUBSCRIBE
    after_offset: int = 0
    types: list[str] = field(default_factory=list)
    credit: int = 8

    def encode_body(self) -> bytes:
        w = Writer().u64(self.after_offset, "after_offset")
        _write_types(w, self.types)
        return w.u32(self.credit, "credit").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "Subscribe":
        return cls(r.u64("after_offset"), _read_types(r), r.u32("credit"))


@dataclass(frozen=True)
class Credit(Message):
    """``CREDIT`` (0x28), sent with the stream's request id: adds ``additional`` credit."""

    OPCODE: ClassVar[Opcode] = Opcode.CREDIT
    additional: int

    def encode_body(self) -> bytes:
        return Writer().u32(self.additional, "additional").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "Credit":
        return cls(r.u32("additional"))


@dataclass(frozen=True)
class Cancel(Message):
    """``CANCEL`` (0x29), sent with the stream's request id; empty body."""

    OPCODE: ClassVar[Opcode] = Opcode.CANCEL

    def encode_body(self) -> bytes:
        return b""

    @classmethod
    def decode_body(cls, r: Reader) -> "Cancel":
        return cls()


@dataclass(frozen=True)
class ConsumerGet(Message):
    """``CONSUMER_GET`` (0x30): a consumer's stored offset."""

    OPCODE: ClassVar[Opcode] = Opcode.CONSUMER_GET
    consumer: str

    def encode_body(self) -> bytes:
        return Writer().string(self.consumer, "consumer").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "ConsumerGet":
        return cls(r.string("consumer"))


@dataclass(frozen=True)
class ConsumerUpdate(Message):
    """``CONSUMER_UPDATE`` (0x31): store a consumer's offset, optionally only if it is ``expected``."""

    OPCODE: ClassVar[Opcode] = Opcode.CONSUMER_UPDATE
    consumer: str
    offset: int
    has_expected: bool = False
    expected: int = 0

    def encode_body(self) -> bytes:
        w = Writer().string(self.consumer, "consumer").u64(self.offset, "offset")
        return w.bool(self.has_expected).u64(self.expected, "expected").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "ConsumerUpdate":
        consumer = r.string("consumer")
        offset = r.u64("offset")
        has_expected = r.bool("has_expected")
        expected = r.u64("expected")
        if not has_expected and expected != 0:
            raise _malformed("nonzero_unused_field", "expected is not 0 while has_expected is 0")
        return cls(consumer, offset, has_expected, expected)


@dataclass(frozen=True)
class ConsumerReset(Message):
    """``CONSUMER_RESET`` (0x32): set a consumer's offset to 0."""

    OPCODE: ClassVar[Opcode] = Opcode.CONSUMER_RESET
    consumer: str

    def encode_body(self) -> bytes:
        return Writer().string(self.consumer, "consumer").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "ConsumerReset":
        return cls(r.string("consumer"))


# --- server -> client ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HelloOk(Message):
    """``HELLO_OK`` (0x81): the negotiated version and codec, and the server's limits."""

    OPCODE: ClassVar[Opcode] = Opcode.HELLO_OK
    version: int
    server_name: str
    codec: int
    max_frame_size: int
    max_in_flight: int
    max_batch_events: int

    def encode_body(self) -> bytes:
        w = Writer().u16(self.version, "version").string(self.server_name, "server_name")
        w.u8(self.codec, "codec").u32(self.max_frame_size, "max_frame_size")
        return w.u32(self.max_in_flight, "max_in_flight").u32(self.max_batch_events, "max_batch_events").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "HelloOk":
        version = r.u16("version")
        name = r.string("server_name")
        codec = r.u8("codec")
        if codec not in KNOWN_CODECS:
            raise ProtocolViolation(
                ErrorCode.UNSUPPORTED_CODEC,
                "unknown_codec",
                f"the server announces codec {codec}, which is not defined",
                details=UnsupportedCodecDetails(codec),
            )
        return cls(version, name, codec, r.u32("max_frame_size"), r.u32("max_in_flight"), r.u32("max_batch_events"))


@dataclass(frozen=True)
class Pong(Message):
    """``PONG`` (0x82): the answer to ``PING``."""

    OPCODE: ClassVar[Opcode] = Opcode.PONG
    nonce: int

    def encode_body(self) -> bytes:
        return Writer().u64(self.nonce, "nonce").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "Pong":
        return cls(r.u64("nonce"))


@dataclass(frozen=True)
class EmittedEvent:
    """Where one emitted event was stored."""

    offset: int
    aggregate_version: int
    emitted_at: int


@dataclass(frozen=True)
class Emitted(Message):
    """``EMITTED`` (0x90): the positions of an emit's events, in request order."""

    OPCODE: ClassVar[Opcode] = Opcode.EMITTED
    replayed: bool
    events: list[EmittedEvent]

    def encode_body(self) -> bytes:
        w = Writer().bool(self.replayed).u32(len(self.events), "count")
        for e in self.events:
            w.u64(e.offset, "offset").u64(e.aggregate_version, "aggregate_version").i64(e.emitted_at, "emitted_at")
        return w.getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "Emitted":
        replayed = r.bool("replayed")
        count = r.u32("count")
        r.require_count(count, 24, "EMITTED entries")
        events = [EmittedEvent(r.u64("offset"), r.u64("aggregate_version"), r.i64("emitted_at")) for _ in range(count)]
        return cls(replayed, events)


@dataclass(frozen=True)
class Events(Message):
    """``EVENTS`` (0xA0): one batch of stored events on a stream; consumes one credit."""

    OPCODE: ClassVar[Opcode] = Opcode.EVENTS
    events: list[StoredEvent]
    codec: int = CODEC_NONE

    def encode_body(self) -> bytes:
        return encode_batch_block(encode_stored_records(self.events), len(self.events), self.codec)

    @classmethod
    def decode_body(cls, r: Reader, max_records_size: int, zlib_allowed: bool) -> "Events":
        batch = decode_batch_block(r, stored=True, max_records_size=max_records_size, zlib_allowed=zlib_allowed)
        return cls(batch.events, batch.codec)


@dataclass(frozen=True)
class CaughtUp(Message):
    """``CAUGHT_UP`` (0xA1): a subscription has sent everything committed up to ``head_offset``."""

    OPCODE: ClassVar[Opcode] = Opcode.CAUGHT_UP
    head_offset: int

    def encode_body(self) -> bytes:
        return Writer().u64(self.head_offset, "head_offset").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "CaughtUp":
        return cls(r.u64("head_offset"))


@dataclass(frozen=True)
class StreamEnd(Message):
    """``STREAM_END`` (0xA2): the final frame of a stream."""

    OPCODE: ClassVar[Opcode] = Opcode.STREAM_END
    reason: int
    event_count: int
    last_position: int

    def encode_body(self) -> bytes:
        w = Writer().u8(self.reason, "reason").u64(self.event_count, "event_count")
        return w.u64(self.last_position, "last_position").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "StreamEnd":
        reason = r.u8("reason")
        if reason not in (0, 1, 2):
            raise _malformed("invalid_enum_value", f"STREAM_END reason {reason} is not defined")
        return cls(StreamEndReason(reason), r.u64("event_count"), r.u64("last_position"))


@dataclass(frozen=True)
class ConsumerOffset(Message):
    """``CONSUMER_OFFSET`` (0xB0): a consumer's offset; ``known`` is false if it never stored one."""

    OPCODE: ClassVar[Opcode] = Opcode.CONSUMER_OFFSET
    offset: int
    known: bool

    def encode_body(self) -> bytes:
        return Writer().u64(self.offset, "offset").bool(self.known).getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "ConsumerOffset":
        return cls(r.u64("offset"), r.bool("known"))


def decode_error_details(code: int, raw: bytes) -> ErrorDetails | None:
    """Decode ``details`` per ``code``'s layout (``errors.md``), or ``None`` when the code defines none or is
    unknown. A layout must be matched exactly, with the body rules (``MALFORMED_FRAME``, ``INVALID_UTF8``)."""
    r = Reader(raw)
    details: ErrorDetails
    if code == ErrorCode.FRAME_TOO_LARGE:
        details = FrameTooLargeDetails(r.u32("limit"))
    elif code == ErrorCode.UNKNOWN_OPCODE:
        details = UnknownOpcodeDetails(r.u8("opcode"))
    elif code == ErrorCode.UNSUPPORTED_VERSION:
        details = UnsupportedVersionDetails(r.u16("server_min"), r.u16("server_max"))
    elif code == ErrorCode.UNSUPPORTED_CODEC:
        details = UnsupportedCodecDetails(r.u8("codec"))
    elif code == ErrorCode.TOO_MANY_IN_FLIGHT:
        details = TooManyInFlightDetails(r.u32("max"))
    elif code == ErrorCode.VERSION_CONFLICT:
        agg = r.string("aggregate_id")
        kind = r.u8("kind")
        if kind not in (ExpectationKind.NO_EVENTS, ExpectationKind.EXACT_VERSION):
            raise _malformed("invalid_enum_value", f"VERSION_CONFLICT kind {kind} is not defined")
        details = VersionConflictDetails(agg, kind, r.u64("expected"), r.u64("actual"))
    elif code == ErrorCode.EVENT_ID_CONFLICT:
        details = EventIdConflictDetails(r.uuid("id"))
    elif code == ErrorCode.CONSUMER_OFFSET_CONFLICT:
        details = ConsumerOffsetConflictDetails(r.u64("actual"), r.bool("known"))
    else:
        return None
    r.finish()
    return details


def encode_error_details(details: ErrorDetails | None) -> bytes:
    """The wire form of a details layout (empty for ``None``)."""
    w = Writer()
    if details is None:
        pass
    elif isinstance(details, FrameTooLargeDetails):
        w.u32(details.limit)
    elif isinstance(details, UnknownOpcodeDetails):
        w.u8(details.opcode)
    elif isinstance(details, UnsupportedVersionDetails):
        w.u16(details.server_min).u16(details.server_max)
    elif isinstance(details, UnsupportedCodecDetails):
        w.u8(details.codec)
    elif isinstance(details, TooManyInFlightDetails):
        w.u32(details.max)
    elif isinstance(details, VersionConflictDetails):
        w.string(details.aggregate_id).u8(details.kind).u64(details.expected).u64(details.actual)
    elif isinstance(details, EventIdConflictDetails):
        w.uuid(details.id)
    elif isinstance(details, ConsumerOffsetConflictDetails):
        w.u64(details.actual).bool(details.known)
    else:  # pragma: no cover - exhaustive
        raise TypeError(f"not a details layout: {details!r}")
    return w.getvalue()


@dataclass(frozen=True)
class Error(Message):
    """``ERROR`` (0xFF): a request failed (request id != 0) or the connection is closing (request id 0).

    ``details`` is the raw bytes; ``parsed_details`` the decoded layout (``None`` when the code defines none
    or is unknown).
    """

    OPCODE: ClassVar[Opcode] = Opcode.ERROR
    code: int
    message: str
    details: bytes = b""
    parsed_details: ErrorDetails | None = field(default=None, compare=False)

    @classmethod
    def with_details(cls, code: int, message: str, details: ErrorDetails | None) -> "Error":
        """An ``ERROR`` whose raw details are laid out from ``details``."""
        return cls(code, message, encode_error_details(details), details)

    def encode_body(self) -> bytes:
        return Writer().u16(self.code, "code").string(self.message, "message").bytes(self.details, "details").getvalue()

    @classmethod
    def decode_body(cls, r: Reader) -> "Error":
        code = r.u16("code")
        message = r.string("message")
        details = r.bytes("details")
        parsed = decode_error_details(code, details)  # fields in order: the details before any trailing bytes
        return cls(code, message, details, parsed)


ClientMessage = Union[
    Hello, Ping, Emit, ReadAggregate, ReadTypes, ReadAfter, Subscribe, Credit, Cancel, ConsumerGet,
    ConsumerUpdate, ConsumerReset,
]
ServerMessage = Union[HelloOk, Pong, Emitted, Events, CaughtUp, StreamEnd, ConsumerOffset, Error]

_CLIENT_TYPES: dict[int, Any] = {
    t.OPCODE: t
    for t in (Hello, Ping, Emit, ReadAggregate, ReadTypes, ReadAfter, Subscribe, Credit, Cancel, ConsumerGet,
              ConsumerUpdate, ConsumerReset)
}
_SERVER_TYPES: dict[int, Any] = {
    t.OPCODE: t for t in (HelloOk, Pong, Emitted, Events, CaughtUp, StreamEnd, ConsumerOffset, Error)
}


def _decode(
    frame: Frame, table: dict[int, Any], max_frame_size: int, zlib_allowed: bool
) -> ClientMessage | ServerMessage:
    cls = table.get(frame.opcode)
    if cls is None:
        raise ProtocolViolation(
            ErrorCode.UNKNOWN_OPCODE,
            "unknown_opcode",
            f"opcode {frame.opcode:#04x} is not defined for this direction",
            details=UnknownOpcodeDetails(frame.opcode),
            request_id=frame.request_id,
        )
    r = Reader(frame.body)
    msg: ClientMessage | ServerMessage
    try:
        if cls in (Emit, Events):
            msg = cls.decode_body(r, max_frame_size, zlib_allowed)
        else:
            msg = cls.decode_body(r)
        r.finish()
    except ProtocolViolation as exc:
        if exc.request_id is None:
            exc.request_id = frame.request_id
        raise
    return msg


def decode_client_message(
    frame: Frame, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE, zlib_allowed: bool = True
) -> ClientMessage:
    """Decode a client-to-server frame's body as a server does (structure only; see
    :func:`validate_client_message` for the ranges). ``max_frame_size`` is the limit on a compressed batch's
    ``records_size``; ``zlib_allowed`` says whether codec 1 was negotiated."""
    return _decode(frame, _CLIENT_TYPES, max_frame_size, zlib_allowed)  # type: ignore[return-value]


def decode_server_message(
    frame: Frame, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE, zlib_allowed: bool = True
) -> ServerMessage:
    """Decode a server-to-client frame's body as a client does."""
    return _decode(frame, _SERVER_TYPES, max_frame_size, zlib_allowed)  # type: ignore[return-value]


# --- semantic validation (README §8) ---------------------------------------------------------------------


def _invalid(message: str) -> ProtocolViolation:
    return ProtocolViolation(ErrorCode.INVALID_ARGUMENT, "invalid_argument", message, origin="local")


def _nbytes(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


def _check_name(value: str, what: str, lo: int = 1, hi: int = MAX_NAME_BYTES) -> None:
    n = _nbytes(value)
    if not lo <= n <= hi:
        raise _invalid(f"{what} is {n} bytes; it must be {lo}...{hi}")


def _check_types(types: Sequence[str], lo: int) -> None:
    if not lo <= len(types) <= MAX_TYPE_FILTERS:
        raise _invalid(f"{len(types)} type filters; {lo}...{MAX_TYPE_FILTERS} allowed")
    for t in types:
        _check_name(t, "type filter")


def validate_client_message(msg: ClientMessage, *, max_batch_events: int = DEFAULT_MAX_BATCH_EVENTS) -> None:
    """Check the ranges of README §8 on a decoded (or about to be sent) client message.

    Raises :class:`ProtocolViolation` with ``INVALID_ARGUMENT`` on the first rule that is broken.
    """
    if isinstance(msg, Hello):
        _check_name(msg.client_name, "client_name", 0)
        if not MIN_MAX_FRAME_SIZE <= msg.max_frame_size <= DEFAULT_MAX_FRAME_SIZE:
            raise _invalid(
                f"max_frame_size {msg.max_frame_size} is outside {MIN_MAX_FRAME_SIZE}...{DEFAULT_MAX_FRAME_SIZE}"
            )
    elif isinstance(msg, Emit):
        if not 1 <= len(msg.events) <= max_batch_events:
            raise _invalid(f"{len(msg.events)} events; an EMIT carries 1...{max_batch_events}")
        for e in msg.events:
            _check_name(e.type, "event type")
            _check_name(e.aggregate_id, "aggregate_id", 0)
        if len(msg.expectations) > len(msg.events):
            raise _invalid(f"{len(msg.expectations)} expectations for {len(msg.events)} events")
        seen: set[str] = set()
        for x in msg.expectations:
            _check_name(x.aggregate_id, "expectation aggregate_id")
            if x.aggregate_id in seen:
                raise _invalid(f"two expectations for aggregate {x.aggregate_id!r}")
            seen.add(x.aggregate_id)
    elif isinstance(msg, ReadAggregate):
        _check_name(msg.aggregate_id, "aggregate_id")
        if msg.from_version < 1:
            raise _invalid("from_version must be at least 1")
    elif isinstance(msg, ReadTypes):
        _check_types(msg.types, 1)
    elif isinstance(msg, (ReadAfter, Subscribe)):
        _check_types(msg.types, 0)
    elif isinstance(msg, Credit):
        if msg.additional < 1:
            raise _invalid("CREDIT must add at least 1")
    elif isinstance(msg, (ConsumerGet, ConsumerUpdate, ConsumerReset)):
        _check_name(msg.consumer, "consumer name")
