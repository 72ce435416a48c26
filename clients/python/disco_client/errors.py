"""Error codes of protocol v1 and the exceptions the client raises.

Three kinds of failure, all under :class:`DiscoClientError`:

* :class:`DiscoError` -- something with a wire error code (``protocol/errors.md``): an ``ERROR`` frame the
  server sent (``origin == "server"``), a frame from the server that does not decode
  (:class:`ProtocolViolation`, ``origin == "decode"``), or a request the client refused to send because it
  breaks a limit of the spec (``origin == "local"``).
* :class:`ConnectionClosed` -- the connection ended while a request was waiting for its final frame.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal, Union

__all__ = [
    "ErrorCode",
    "ErrorInfo",
    "ERROR_INFO",
    "DiscoClientError",
    "DiscoError",
    "ProtocolViolation",
    "ConnectionClosed",
    "FrameTooLargeDetails",
    "UnknownOpcodeDetails",
    "UnsupportedVersionDetails",
    "UnsupportedCodecDetails",
    "TooManyInFlightDetails",
    "VersionConflictDetails",
    "EventIdConflictDetails",
    "ConsumerOffsetConflictDetails",
    "ErrorDetails",
    "error_name",
    "is_retriable",
]


class ErrorCode(IntEnum):
    """The error codes defined by protocol v1 (``protocol/errors.md``)."""

    MALFORMED_FRAME = 1
    FRAME_TOO_LARGE = 2
    UNKNOWN_OPCODE = 3
    INVALID_UTF8 = 4
    UNSUPPORTED_VERSION = 5
    HANDSHAKE_REQUIRED = 6
    AUTHENTICATION_FAILED = 7
    UNSUPPORTED_CODEC = 8
    DECOMPRESSION_FAILED = 9
    INVALID_ARGUMENT = 10
    TOO_MANY_IN_FLIGHT = 11
    DUPLICATE_REQUEST_ID = 12
    VERSION_CONFLICT = 20
    EVENT_ID_CONFLICT = 21
    CONSUMER_OFFSET_CONFLICT = 22
    UNKNOWN_CONSUMER = 23
    STORAGE_UNAVAILABLE = 30
    SHUTTING_DOWN = 31
    TIMEOUT = 32
    SERVER_BUSY = 33
    INTERNAL = 34


@dataclass(frozen=True)
class ErrorInfo:
    """The table row of one error code: whether a retry may succeed and when the server closes."""

    code: ErrorCode
    retriable: bool
    closes: Literal["no", "yes", "request id 0"]


_RETRIABLE = {
    ErrorCode.TOO_MANY_IN_FLIGHT,
    ErrorCode.STORAGE_UNAVAILABLE,
    ErrorCode.SHUTTING_DOWN,
    ErrorCode.TIMEOUT,
    ErrorCode.SERVER_BUSY,
    ErrorCode.INTERNAL,
}
_CLOSES: dict[ErrorCode, Literal["no", "yes", "request id 0"]] = {
    ErrorCode.MALFORMED_FRAME: "request id 0",
    ErrorCode.FRAME_TOO_LARGE: "yes",
    ErrorCode.UNSUPPORTED_VERSION: "yes",
    ErrorCode.HANDSHAKE_REQUIRED: "yes",
    ErrorCode.AUTHENTICATION_FAILED: "yes",
    ErrorCode.SHUTTING_DOWN: "request id 0",
    ErrorCode.TIMEOUT: "request id 0",
    ErrorCode.SERVER_BUSY: "request id 0",
}

#: Every defined code with its retriable flag and close behaviour.
ERROR_INFO: dict[int, ErrorInfo] = {
    int(c): ErrorInfo(c, c in _RETRIABLE, _CLOSES.get(c, "no")) for c in ErrorCode
}


def error_name(code: int) -> str | None:
    """The spec's name of ``code``, or ``None`` for a code protocol v1 does not define."""
    try:
        return ErrorCode(code).name
    except ValueError:
        return None


def is_retriable(code: int) -> bool:
    """Whether the spec marks ``code`` retriable. An unknown code is not retriable."""
    info = ERROR_INFO.get(code)
    return info.retriable if info else False


# --- details layouts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameTooLargeDetails:
    """``FRAME_TOO_LARGE``: the receiver's max frame size."""

    limit: int


@dataclass(frozen=True)
class UnknownOpcodeDetails:
    """``UNKNOWN_OPCODE``: the opcode that was refused."""

    opcode: int


@dataclass(frozen=True)
class UnsupportedVersionDetails:
    """``UNSUPPORTED_VERSION``: the range of protocol versions the server speaks."""

    server_min: int
    server_max: int


@dataclass(frozen=True)
class UnsupportedCodecDetails:
    """``UNSUPPORTED_CODEC``: the codec number that was refused."""

    codec: int


@dataclass(frozen=True)
class TooManyInFlightDetails:
    """``TOO_MANY_IN_FLIGHT``: the connection's ``max_in_flight``."""

    max: int


@dataclass(frozen=True)
class VersionConflictDetails:
    """``VERSION_CONFLICT``: the first failing expectation (as sent) and the aggregate's actual version."""

    aggregate_id: str
    kind: int
    expected: int
    actual: int


@dataclass(frozen=True)
class EventIdConflictDetails:
    """``EVENT_ID_CONFLICT``: one of the conflicting event ids."""

    id: uuid.UUID


@dataclass(frozen=True)
class ConsumerOffsetConflictDetails:
    """``CONSUMER_OFFSET_CONFLICT``: the consumer's current offset and whether it has one."""

    actual: int
    known: bool


ErrorDetails = Union[
    FrameTooLargeDetails,
    UnknownOpcodeDetails,
    UnsupportedVersionDetails,
    UnsupportedCodecDetails,
    TooManyInFlightDetails,
    VersionConflictDetails,
    EventIdConflictDetails,
    ConsumerOffsetConflictDetails,
]


# --- exceptions ------------------------------------------------------------------------------------------


class DiscoClientError(Exception):
    """Base class of every exception this package raises on purpose."""


class DiscoError(DiscoClientError):
    """A failure with a wire error code.

    Attributes:
        code: the numeric wire code (kept even when this client does not know it).
        name: the spec's name for ``code``, or ``None`` for an unknown code.
        message: the human-readable text (from the server's ``ERROR`` or written locally).
        retriable: whether the same request may succeed later (``protocol/errors.md``).
        details: the decoded details for codes that define a layout, else ``None``.
        details_raw: the details bytes as received (empty for local errors).
        request_id: the request id the error belongs to (0 = connection-level), if known.
        origin: ``"server"`` (an ``ERROR`` frame), ``"decode"`` (a server frame that did not decode) or
            ``"local"`` (refused before sending).
    """

    def __init__(
        self,
        code: int,
        message: str = "",
        *,
        details: ErrorDetails | None = None,
        details_raw: bytes = b"",
        request_id: int | None = None,
        origin: Literal["server", "decode", "local"] = "server",
    ) -> None:
        self.code = code
        self.name = error_name(code)
        self.message = message
        self.retriable = is_retriable(code)
        self.details = details
        self.details_raw = details_raw
        self.request_id = request_id
        self.origin = origin
        label = self.name or f"error {code}"
        super().__init__(f"{label}: {message}" if message else label)

    @property
    def closes_connection(self) -> bool:
        """Whether the server closes the connection after this error (request id 0 always does)."""
        if self.request_id == 0:
            return True
        info = ERROR_INFO.get(self.code)
        return info is not None and info.closes == "yes"


class ProtocolViolation(DiscoError):
    """Bytes that break the spec: what a decoder produces (``protocol/errors.md``, "Which errors the decoder
    produces"), or -- from :func:`~disco_client.messages.validate_client_message` -- an ``INVALID_ARGUMENT``.

    ``code`` is the normative wire code; ``kind`` is the finer reason (``truncated``, ``trailing_bytes``,
    ``invalid_utf8``, ``records_size_over_limit``, ...), informative only.
    """

    def __init__(
        self,
        code: int,
        kind: str,
        message: str = "",
        *,
        details: ErrorDetails | None = None,
        request_id: int | None = None,
        origin: Literal["server", "decode", "local"] = "decode",
    ) -> None:
        self.kind = kind
        super().__init__(
            code, message or kind, details=details, request_id=request_id, origin=origin
        )


class ConnectionClosed(DiscoClientError):
    """The connection ended before the request's final frame arrived.

    ``cause`` is the connection-level error that ended it, when there was one. Whether an ``EMIT`` without
    an answer was stored is unknown: retry it with the same event ids (emits are idempotent by id).
    """

    retriable = True

    def __init__(self, message: str = "connection closed", cause: BaseException | None = None) -> None:
        self.cause = cause
        super().__init__(message if cause is None else f"{message}: {cause}")
