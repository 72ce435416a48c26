"""The asyncio client: one TCP connection, a handshake, pipelined requests matched by request id, and
credit-based streams (``protocol/README.md`` §3-§5).

Typical use::

    client = await connect("127.0.0.1", 7400, client_name="orders-svc")
    result = await client.emit([NewEvent("OrderPlaced", b"{}", aggregate_id="order-1")])
    async for event in client.read_aggregate("order-1"):
        ...
    await client.close()
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import os
import time
from dataclasses import dataclass
from types import TracebackType
from typing import AsyncIterator, Generic, Iterable, Literal, Mapping, Self, Sequence, TypeVar, Union, overload

from .batch import CODEC_NONE, CODEC_ZLIB, NewEvent, StoredEvent
from .errors import (
    ConnectionClosed,
    DiscoError,
    ErrorCode,
    FrameTooLargeDetails,
    ProtocolViolation,
)
from .frames import DEFAULT_MAX_FRAME_SIZE, MIN_MAX_FRAME_SIZE, Frame, FrameDecoder, encode_frame
from .messages import (
    Cancel,
    CaughtUp,
    ConsumerGet,
    ConsumerOffset,
    ConsumerReset,
    ConsumerUpdate,
    Credit,
    Emit,
    EmittedEvent,
    Emitted,
    Error,
    Events,
    Expectation,
    Hello,
    HelloOk,
    Message,
    Ping,
    Pong,
    ReadAfter,
    ReadAggregate,
    ReadTypes,
    ServerMessage,
    StreamEnd,
    Subscribe,
    decode_server_message,
    validate_client_message,
)

__all__ = [
    "connect",
    "Client",
    "EmitResult",
    "EventStream",
    "Subscription",
    "SUPPORTED_VERSIONS",
    "DEFAULT_CREDIT",
]

#: Protocol versions this client speaks.
SUPPORTED_VERSIONS = (1, 1)
#: Initial credit (EVENTS frames) of a stream unless told otherwise.
DEFAULT_CREDIT = 8
_U32_MAX = 0xFFFF_FFFF


@dataclass(frozen=True)
class EmitResult:
    """The answer to an emit: where each event was stored, in request order.

    ``replayed`` is true when every id was already stored: this is the stored result of an earlier identical
    emit (an idempotent retry).
    """

    replayed: bool
    events: list[EmittedEvent]

    @property
    def offsets(self) -> list[int]:
        """The global offset of each event."""
        return [e.offset for e in self.events]

    @property
    def last_offset(self) -> int:
        """The offset of the last event."""
        return self.events[-1].offset


def _error_from_frame(msg: Error, request_id: int) -> DiscoError:
    return DiscoError(
        msg.code,
        msg.message,
        details=msg.parsed_details,
        details_raw=msg.details,
        request_id=request_id,
        origin="server",
    )


# --- pending requests ------------------------------------------------------------------------------------


class _Unary:
    """A request answered by exactly one frame."""

    __slots__ = ("future", "expect")

    def __init__(self, future: "asyncio.Future[ServerMessage]", expect: type) -> None:
        self.future = future
        self.expect = expect


_StreamItem = Union[Events, CaughtUp, StreamEnd, BaseException]


class _StreamState:
    """What the read loop knows about an open stream."""

    __slots__ = ("queue", "subscription", "credit", "final", "draining", "caught_up", "head_offset")

    def __init__(self, subscription: bool, credit: int) -> None:
        self.queue: asyncio.Queue[_StreamItem] = asyncio.Queue()
        self.subscription = subscription
        self.credit = credit  # EVENTS frames the server may still send (an upper bound of its view)
        self.final = False  # STREAM_END or ERROR arrived (or the connection closed): the id is free
        self.draining = False  # failed on our side: CANCEL sent, frames dropped until the final one
        self.caught_up = asyncio.Event()
        self.head_offset: int | None = None


# --- streams ---------------------------------------------------------------------------------------------

T = TypeVar("T")


class EventStream(AsyncIterator[T], Generic[T]):
    """A read stream (``READ_AGGREGATE``, ``READ_TYPES``, ``READ_AFTER``): an async iterator of
    :class:`~disco_client.batch.StoredEvent`.

    The request is sent on first iteration (or on ``async with``). Credit is granted back as the caller
    consumes: at most ``credit`` ``EVENTS`` frames are ever buffered. When the iteration ends, :attr:`end`
    holds the ``STREAM_END`` (reason, event count, last position for paging). A stream that fails raises
    :class:`~disco_client.errors.DiscoError`. Leaving an ``async with`` block early cancels the stream.
    """

    def __init__(self, client: "Client", request: Message, credit: int, subscription: bool = False) -> None:
        if not 1 <= credit <= _U32_MAX:
            # The wire allows an initial credit of 0, but this iterator grants credit only as frames are
            # consumed: with 0 nothing would ever arrive.
            raise ValueError(f"credit must be 1...{_U32_MAX}, not {credit}")
        self._client = client
        self._request = request
        self._window = credit
        self._subscription = subscription
        self._state: _StreamState | None = None
        self._opening: asyncio.Future[tuple[int, _StreamState]] | None = None
        self._request_id: int | None = None
        self._buffer: collections.deque[StoredEvent] = collections.deque()
        self._consumed_frames = 0
        self._done = False
        self._yield_caught_up = False
        #: The ``STREAM_END`` once the stream has ended (``None`` before, or after an error).
        self.end: StreamEnd | None = None

    @property
    def request_id(self) -> int | None:
        """The stream's request id, once it is open."""
        return self._request_id

    async def open(self) -> None:
        """Send the request (done automatically by iteration)."""
        if self._state is None and not self._done:
            if self._opening is None:  # one request however many tasks wait for it
                self._opening = asyncio.ensure_future(
                    self._client._open_stream(self._request, self._window, self._subscription)
                )
            self._request_id, self._state = await asyncio.shield(self._opening)

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> T:
        while True:
            if self._buffer:
                return self._buffer.popleft()  # type: ignore[return-value]
            if self._done:
                raise StopAsyncIteration
            if self._state is None:
                await self.open()
            assert self._state is not None
            item = await self._state.queue.get()
            if isinstance(item, Events):
                self._buffer.extend(item.events)
                await self._grant(1)
            elif isinstance(item, CaughtUp):
                if self._yield_caught_up:
                    return item  # type: ignore[return-value]
            elif isinstance(item, StreamEnd):
                self.end = item
                self._done = True
            else:
                self._done = True
                raise item

    async def _grant(self, frames: int) -> None:
        """Give back credit for consumed frames, in chunks of half the window."""
        self._consumed_frames += frames
        state = self._state
        if state is None or state.final or state.draining:
            return
        if self._consumed_frames >= max(1, self._window // 2):
            n, self._consumed_frames = self._consumed_frames, 0
            await self._client._send_credit(self._request_id, state, n)  # type: ignore[arg-type]

    async def collect(self) -> list[T]:
        """Read the whole stream into a list."""
        return [e async for e in self]

    async def cancel(self) -> StreamEnd | None:
        """End the stream early: send ``CANCEL`` and wait for its final frame, dropping events on the way.

        Returns the ``STREAM_END`` (reason 2, or the ordinary end if it raced with the cancel), or ``None``
        if the stream never opened or ended with an error.
        """
        state = self._state
        if state is None:
            self._done = True
            return None
        self._buffer.clear()
        if self._done:
            return self.end
        self._done = True
        if not state.final:
            await self._client._send_cancel(self._request_id, state)  # type: ignore[arg-type]
        while True:
            item = await state.queue.get()
            if isinstance(item, StreamEnd):
                self.end = item
                return item
            if isinstance(item, BaseException):
                return None

    async def aclose(self) -> None:
        """Cancel the stream if it is still running."""
        if not self._done or self._state is not None and not self._state.final:
            try:
                await self.cancel()
            except ConnectionClosed:
                pass


class Subscription(EventStream[T]):
    """A ``SUBSCRIBE`` stream: stored events after the offset, then live events as they commit, until
    cancelled. Iterating yields :class:`~disco_client.batch.StoredEvent` (and, with ``yield_caught_up``,
    one in-band :class:`~disco_client.messages.CaughtUp` marking where stored events end and live ones
    begin). Use it as ``async with client.subscribe(...) as sub:`` so that leaving the block cancels it.
    """

    def __init__(self, client: "Client", request: Subscribe, credit: int, yield_caught_up: bool) -> None:
        super().__init__(client, request, credit, subscription=True)
        self._yield_caught_up = yield_caught_up

    @property
    def caught_up(self) -> bool:
        """Whether ``CAUGHT_UP`` has arrived (everything committed up to :attr:`head_offset` was sent)."""
        return self._state is not None and self._state.caught_up.is_set()

    @property
    def head_offset(self) -> int | None:
        """The ``CAUGHT_UP.head_offset``, once it has arrived."""
        return self._state.head_offset if self._state else None

    async def wait_caught_up(self) -> int:
        """Wait until ``CAUGHT_UP`` arrives and return its head offset.

        The server sends ``CAUGHT_UP`` only after every stored event, which needs credit: keep consuming
        the subscription in another task while waiting, or use ``yield_caught_up=True``.
        """
        await self.open()
        assert self._state is not None
        await self._state.caught_up.wait()
        assert self._state.head_offset is not None
        return self._state.head_offset


# --- the client ------------------------------------------------------------------------------------------


class Client:
    """A connection to a Disco server after a successful handshake. Create it with :func:`connect`.

    Every method may be called concurrently from many tasks: requests are pipelined on the one connection
    and answers are matched by request id. At most ``server.max_in_flight`` requests and open streams run
    at once; further calls wait for a slot.
    """

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        decoder: FrameDecoder,
        server: HelloOk,
        *,
        compression: bool,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._decoder = decoder
        #: The server's ``HELLO_OK``: negotiated version and codec, and the server's limits.
        self.server = server
        # zlib is negotiated when the HELLO listed it and HELLO_OK chose it (README §3); then, and only then,
        # either side may send codec-1 batches.
        negotiated = compression and server.codec == CODEC_ZLIB
        self._zlib_in = negotiated
        self._emit_codec = CODEC_ZLIB if negotiated else CODEC_NONE
        self._pending: dict[int, _Unary | _StreamState] = {}
        self._ids = itertools.count(1)
        self._slots = asyncio.Semaphore(max(1, server.max_in_flight))
        self._write_lock = asyncio.Lock()
        self._closed: BaseException | None = None
        self._closing_error: DiscoError | None = None
        self._close_called = False
        self._nonces = itertools.count(int.from_bytes(os.urandom(4), "big"))
        self._reader_task = asyncio.get_running_loop().create_task(self._read_loop(), name="disco-client-reader")

    # -- state ---------------------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """Whether the connection has ended."""
        return self._closed is not None

    @property
    def in_flight(self) -> int:
        """Requests and streams waiting for their final frame."""
        return len(self._pending)

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection. Requests still waiting fail with :class:`ConnectionClosed`."""
        if not self._close_called:
            self._close_called = True
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except (ConnectionError, OSError):
                pass
        await asyncio.gather(self._reader_task, return_exceptions=True)

    async def wait_closed(self) -> BaseException:
        """Wait until the connection ends (for example after a connection-level ``ERROR``); returns why."""
        await asyncio.gather(self._reader_task, return_exceptions=True)
        assert self._closed is not None
        return self._closed

    # -- public API ----------------------------------------------------------------------------------------

    async def ping(self, nonce: int | None = None) -> float:
        """Send ``PING`` and wait for the ``PONG``; returns the round trip in seconds."""
        nonce = next(self._nonces) & 0xFFFF_FFFF_FFFF_FFFF if nonce is None else nonce
        start = time.perf_counter()
        pong = await self._request(Ping(nonce), Pong)
        assert isinstance(pong, Pong)
        if pong.nonce != nonce:
            raise ProtocolViolation(ErrorCode.MALFORMED_FRAME, "nonce_mismatch", "PONG carries another nonce")
        return time.perf_counter() - start

    async def emit(
        self,
        events: NewEvent | Sequence[NewEvent],
        expectations: Iterable[Expectation] | Mapping[str, int] = (),
        *,
        compress: bool | None = None,
    ) -> EmitResult:
        """Store ``events`` atomically.

        Args:
            events: one event or a batch (at most ``server.max_batch_events``). Each
                :class:`~disco_client.batch.NewEvent` carries its id (a UUIDv7 made when it was created):
                sending the same objects again after a failure is an idempotent retry.
            expectations: :class:`~disco_client.messages.Expectation` objects, or a mapping
                ``{aggregate_id: expected_current_version}`` where 0 means "no events yet".
            compress: use zlib when it was negotiated (default: when it is negotiated and worth it).

        Raises:
            DiscoError: ``VERSION_CONFLICT`` (``details``: aggregate, kind, expected, actual),
                ``EVENT_ID_CONFLICT``, ``INVALID_ARGUMENT`` (also raised locally before sending), ...
            ConnectionClosed: the outcome is unknown; retry with the same events.
        """
        batch = [events] if isinstance(events, NewEvent) else list(events)
        if isinstance(expectations, Mapping):
            exp = [Expectation.at_version(agg, v) for agg, v in expectations.items()]
        else:
            exp = list(expectations)
        codec = self._emit_codec if compress is not False else CODEC_NONE
        if codec == CODEC_ZLIB and _records_size(batch) > self.server.max_frame_size:
            codec = CODEC_NONE  # the server would refuse the records_size before inflating
        msg = Emit(exp, batch, codec)
        answer = await self._request(msg, Emitted)
        assert isinstance(answer, Emitted)
        if len(answer.events) != len(batch):
            raise ProtocolViolation(
                ErrorCode.MALFORMED_FRAME,
                "emitted_count_mismatch",
                f"EMITTED has {len(answer.events)} entries for {len(batch)} events",
            )
        return EmitResult(answer.replayed, answer.events)

    def read_aggregate(
        self, aggregate_id: str, *, from_version: int = 1, limit: int = 0, credit: int = DEFAULT_CREDIT
    ) -> EventStream[StoredEvent]:
        """Stream one aggregate's events in version order, starting at ``from_version``.

        ``limit`` (0 = none) bounds the events; ``end.last_position`` is the last version sent, so the next
        page starts at ``from_version = end.last_position + 1``.
        """
        return EventStream(self, ReadAggregate(aggregate_id, from_version, limit, credit), credit)

    def read_types(
        self, types: Sequence[str], *, after_offset: int = 0, limit: int = 0, credit: int = DEFAULT_CREDIT
    ) -> EventStream[StoredEvent]:
        """Stream the events of ``types`` (1...64 names) with offsets after ``after_offset``."""
        return EventStream(self, ReadTypes(after_offset, limit, list(types), credit), credit)

    def read_after(
        self,
        after_offset: int = 0,
        *,
        types: Sequence[str] = (),
        limit: int = 0,
        credit: int = DEFAULT_CREDIT,
    ) -> EventStream[StoredEvent]:
        """Stream every event (or those of ``types``) with offsets after ``after_offset``, up to the head of
        the log as of the start of the read. The next page starts at ``after_offset = end.last_position``."""
        return EventStream(self, ReadAfter(after_offset, limit, list(types), credit), credit)

    @overload
    def subscribe(
        self,
        after_offset: int = 0,
        types: Sequence[str] = (),
        *,
        credit: int = DEFAULT_CREDIT,
        yield_caught_up: Literal[False] = False,
    ) -> Subscription[StoredEvent]: ...

    @overload
    def subscribe(
        self,
        after_offset: int = 0,
        types: Sequence[str] = (),
        *,
        credit: int = DEFAULT_CREDIT,
        yield_caught_up: Literal[True],
    ) -> Subscription[StoredEvent | CaughtUp]: ...

    def subscribe(
        self,
        after_offset: int = 0,
        types: Sequence[str] = (),
        *,
        credit: int = DEFAULT_CREDIT,
        yield_caught_up: bool = False,
    ) -> Subscription[StoredEvent] | Subscription[StoredEvent | CaughtUp]:
        """Subscribe to events after ``after_offset`` (optionally only ``types``): stored ones first, then
        ``CAUGHT_UP``, then live events as they commit. Credit is granted as the caller consumes."""
        return Subscription(self, Subscribe(after_offset, list(types), credit), credit, yield_caught_up)

    async def consumer_get(self, consumer: str) -> ConsumerOffset:
        """A consumer's stored offset (``known`` is false, offset 0, if it never stored one)."""
        return await self._consumer(ConsumerGet(consumer))

    async def consumer_update(self, consumer: str, offset: int, *, expected: int | None = None) -> ConsumerOffset:
        """Store a consumer's offset; with ``expected``, only if the current offset is ``expected`` (a
        consumer that never stored one matches 0), else ``CONSUMER_OFFSET_CONFLICT``."""
        msg = ConsumerUpdate(consumer, offset, expected is not None, expected or 0)
        return await self._consumer(msg)

    async def consumer_reset(self, consumer: str) -> ConsumerOffset:
        """Set a consumer's offset to 0 (``UNKNOWN_CONSUMER`` if it has none)."""
        return await self._consumer(ConsumerReset(consumer))

    # -- test hooks: raw frames --------------------------------------------------------------------------

    async def raw_request(self, opcode: int, body: bytes) -> ServerMessage:
        """Send a frame with any ``opcode`` and ``body`` under a fresh request id and return the answer
        (an ``ERROR`` is raised as :class:`DiscoError`). For testing servers; no checks are applied."""
        await self._slots.acquire()
        rid = self._allocate_id()
        future: asyncio.Future[ServerMessage] = asyncio.get_running_loop().create_future()
        self._pending[rid] = _Unary(future, object)
        try:
            self._check_open()
            self._writer.write(encode_frame(opcode, rid, body))
            await self._writer.drain()
        except BaseException:
            self._finish(rid)
            raise
        return await future

    async def send_raw_bytes(self, data: bytes) -> None:
        """Write ``data`` to the connection as is (for testing servers with broken framing)."""
        self._check_open()
        self._writer.write(data)
        await self._writer.drain()

    # -- machinery -----------------------------------------------------------------------------------------

    async def _consumer(self, msg: Message) -> ConsumerOffset:
        answer = await self._request(msg, ConsumerOffset)
        assert isinstance(answer, ConsumerOffset)
        return answer

    def _check_open(self) -> None:
        if self._closed is not None:
            cause = self._closed.cause if isinstance(self._closed, ConnectionClosed) else self._closed
            raise ConnectionClosed("the connection is closed", cause)

    def _allocate_id(self) -> int:
        while True:
            rid = next(self._ids) & _U32_MAX
            if rid != 0 and rid not in self._pending:
                return rid

    async def _send(self, frame: bytes) -> None:
        self._check_open()
        if len(frame) > self.server.max_frame_size:
            raise DiscoError(
                ErrorCode.FRAME_TOO_LARGE,
                f"a frame of {len(frame)} bytes is over the server's limit of {self.server.max_frame_size}",
                details=FrameTooLargeDetails(self.server.max_frame_size),
                origin="local",
            )
        self._writer.write(frame)
        async with self._write_lock:
            try:
                await self._writer.drain()
            except (ConnectionError, OSError) as exc:
                raise ConnectionClosed("the connection was lost while sending", exc) from exc

    async def _request(self, msg: Message, expect: type) -> ServerMessage:
        validate_client_message(msg, max_batch_events=self.server.max_batch_events)  # type: ignore[arg-type]
        frame_body = msg.encode_body()
        self._check_open()
        await self._slots.acquire()
        rid = self._allocate_id()
        future: asyncio.Future[ServerMessage] = asyncio.get_running_loop().create_future()
        self._pending[rid] = _Unary(future, expect)
        try:
            await self._send(encode_frame(msg.OPCODE, rid, frame_body))
        except BaseException:
            if self._pending.pop(rid, None) is not None:
                self._slots.release()
            raise
        # If the caller is cancelled here, the entry stays until the answer arrives: the id is in use until
        # its final frame, whatever the caller does.
        return await future

    async def _open_stream(self, msg: Message, credit: int, subscription: bool) -> tuple[int, _StreamState]:
        validate_client_message(msg)  # type: ignore[arg-type]
        self._check_open()
        await self._slots.acquire()
        rid = self._allocate_id()
        state = _StreamState(subscription, credit)
        self._pending[rid] = state
        try:
            await self._send(msg.encode(rid))
        except BaseException:
            if self._pending.pop(rid, None) is not None:
                self._slots.release()
            raise
        return rid, state

    async def _send_credit(self, rid: int, state: _StreamState, n: int) -> None:
        if state.final or self._closed is not None:
            return  # never send CREDIT for an id that may already be reused
        state.credit = min(_U32_MAX, state.credit + n)
        await self._send(Credit(n).encode(rid))

    async def _send_cancel(self, rid: int, state: _StreamState) -> None:
        if state.final or self._closed is not None:
            return
        await self._send(Cancel().encode(rid))

    def _cancel_soon(self, rid: int, state: _StreamState) -> None:
        task = asyncio.get_running_loop().create_task(self._send_cancel(rid, state))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

    def _finish(self, rid: int) -> None:
        if self._pending.pop(rid, None) is not None:
            self._slots.release()

    async def _read_loop(self) -> None:
        cause: BaseException = ConnectionClosed("the server closed the connection")
        try:
            while True:
                for frame in self._decoder.frames():
                    connection_error = self._dispatch(frame)
                    if connection_error is not None:
                        cause = connection_error
                        return
                data = await self._reader.read(256 * 1024)
                if not data:
                    if self._closing_error is not None:
                        cause = self._closing_error
                    elif self._close_called:
                        cause = ConnectionClosed("closed by the client")
                    return
                self._decoder.feed(data)
        except ProtocolViolation as exc:  # the framing is lost
            cause = exc
        except (ConnectionError, OSError) as exc:
            cause = ConnectionClosed("the connection was lost", exc)
        finally:
            self._shutdown(cause)

    def _shutdown(self, cause: BaseException) -> None:
        self._closed = cause
        if not self._close_called:
            self._close_called = True
            self._writer.close()
        error = cause if isinstance(cause, ConnectionClosed) else ConnectionClosed("the connection ended", cause)
        pending, self._pending = self._pending, {}
        for entry in pending.values():
            self._slots.release()
            if isinstance(entry, _Unary):
                if not entry.future.done():
                    entry.future.set_exception(error)
                    entry.future.exception()  # mark retrieved: the caller may be gone
            else:
                entry.final = True
                entry.queue.put_nowait(error)

    def _dispatch(self, frame: Frame) -> BaseException | None:
        """Route one frame; returns an exception when the connection must end."""
        rid = frame.request_id
        entry = self._pending.get(rid) if rid != 0 else None
        try:
            msg = decode_server_message(
                frame, max_frame_size=self._decoder.max_frame_size, zlib_allowed=self._zlib_in
            )
        except ProtocolViolation as exc:
            if rid == 0:
                return exc
            self._fail_entry(rid, entry, exc)
            return None
        if rid == 0:
            if isinstance(msg, Error):
                return _error_from_frame(msg, 0)
            return ProtocolViolation(
                ErrorCode.MALFORMED_FRAME, "unexpected_frame", f"{type(msg).__name__} with request id 0"
            )
        if entry is None:
            if isinstance(msg, Error):
                error = _error_from_frame(msg, rid)
                if error.closes_connection:
                    self._closing_error = error  # e.g. FRAME_TOO_LARGE for a frame we sent raw
            return None  # a late frame for a request we no longer track
        if isinstance(entry, _Unary):
            self._finish(rid)
            if entry.future.done():
                return None  # the caller went away
            if isinstance(msg, Error):
                entry.future.set_exception(_error_from_frame(msg, rid))
            elif isinstance(msg, entry.expect):
                entry.future.set_result(msg)
            else:
                entry.future.set_exception(
                    ProtocolViolation(
                        ErrorCode.MALFORMED_FRAME,
                        "unexpected_frame",
                        f"{type(msg).__name__} in answer to a request expecting {entry.expect.__name__}",
                        request_id=rid,
                    )
                )
            return None
        state = entry
        if isinstance(msg, (StreamEnd, Error)):
            state.final = True
            self._finish(rid)
            if not state.draining:
                state.queue.put_nowait(msg if isinstance(msg, StreamEnd) else _error_from_frame(msg, rid))
            return None
        if state.draining:
            return None
        if isinstance(msg, Events):
            if state.credit <= 0:
                self._fail_entry(rid, state, ProtocolViolation(
                    ErrorCode.MALFORMED_FRAME, "no_credit", "EVENTS without credit", request_id=rid))
                return None
            state.credit -= 1
            state.queue.put_nowait(msg)
        elif isinstance(msg, CaughtUp) and state.subscription and not state.caught_up.is_set():
            state.head_offset = msg.head_offset
            state.caught_up.set()
            state.queue.put_nowait(msg)
        else:
            self._fail_entry(rid, state, ProtocolViolation(
                ErrorCode.MALFORMED_FRAME, "unexpected_frame", f"{type(msg).__name__} on a stream", request_id=rid))
        return None

    def _fail_entry(self, rid: int, entry: _Unary | _StreamState | None, error: ProtocolViolation) -> None:
        """A server frame for ``rid`` did not decode or did not fit: fail that request only."""
        if entry is None:
            return
        if isinstance(entry, _Unary):
            self._finish(rid)  # a unary request gets exactly one frame: this was it
            if not entry.future.done():
                entry.future.set_exception(error)
            return
        if not entry.draining:
            entry.draining = True
            entry.queue.put_nowait(error)
            self._cancel_soon(rid, entry)  # the id stays in use until the stream's final frame


def _records_size(events: Sequence[NewEvent]) -> int:
    return sum(
        28 + len(e.type.encode()) + len(e.aggregate_id.encode()) + len(e.payload) + len(e.meta) for e in events
    )


async def connect(
    host: str,
    port: int,
    *,
    client_name: str = "",
    token: str = "",
    compression: bool = True,
    max_frame_size: int = DEFAULT_MAX_FRAME_SIZE,
    min_version: int = SUPPORTED_VERSIONS[0],
    max_version: int = SUPPORTED_VERSIONS[1],
    timeout: float | None = 30.0,
) -> Client:
    """Open a connection and perform the handshake (``HELLO`` / ``HELLO_OK``).

    Args:
        host, port: the server's address.
        client_name: shown in the server's logs (at most 255 bytes).
        token: the auth token; empty for none.
        compression: offer zlib for batches (received ``EVENTS`` and sent ``EMIT``) when the server agrees.
        max_frame_size: the largest frame this client accepts, 65,536...16,777,216.
        min_version, max_version: the protocol versions to offer (this client speaks version 1).
        timeout: seconds for the TCP connect plus the handshake (``None`` = no limit).

    Raises:
        DiscoError: the server refused the handshake: ``UNSUPPORTED_VERSION`` (``details.server_min`` /
            ``server_max``), ``AUTHENTICATION_FAILED``, ``INVALID_ARGUMENT``, ... The server has closed the
            connection.
        ProtocolViolation: the server's answer breaks the spec (unknown codec, a version this client does
            not speak, ...).
        ConnectionClosed: the connection ended before ``HELLO_OK``.
    """
    hello = Hello(
        min_version=min_version,
        max_version=max_version,
        client_name=client_name,
        auth_token=token,
        codecs=[CODEC_ZLIB, CODEC_NONE] if compression else [CODEC_NONE],
        max_frame_size=max_frame_size,
    )
    validate_client_message(hello)
    frame = hello.encode(1)
    if len(frame) > MIN_MAX_FRAME_SIZE:
        raise DiscoError(ErrorCode.FRAME_TOO_LARGE, "HELLO is over the 64 KiB pre-handshake limit", origin="local")

    async def handshake() -> Client:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(frame)
            await writer.drain()
            decoder = FrameDecoder(max_frame_size)
            while (answer := decoder.next_frame()) is None:
                data = await reader.read(64 * 1024)
                if not data:
                    raise ConnectionClosed("the server closed the connection during the handshake")
                decoder.feed(data)
            msg = decode_server_message(answer, max_frame_size=max_frame_size, zlib_allowed=compression)
            if isinstance(msg, Error):
                raise _error_from_frame(msg, answer.request_id)
            if not isinstance(msg, HelloOk) or answer.request_id != 1:
                raise ProtocolViolation(
                    ErrorCode.MALFORMED_FRAME, "unexpected_frame", f"{type(msg).__name__} in answer to HELLO"
                )
            _check_hello_ok(msg, hello)
            return Client(reader, writer, decoder, msg, compression=compression)
        except BaseException:
            writer.close()
            raise

    return await asyncio.wait_for(handshake(), timeout)


def _check_hello_ok(ok: HelloOk, hello: Hello) -> None:
    if not (hello.min_version <= ok.version <= hello.max_version) or not (
        SUPPORTED_VERSIONS[0] <= ok.version <= SUPPORTED_VERSIONS[1]
    ):
        raise ProtocolViolation(
            ErrorCode.UNSUPPORTED_VERSION, "version_not_offered", f"the server chose version {ok.version}"
        )
    if ok.codec != CODEC_NONE and ok.codec not in hello.codecs:  # codec 0 is always allowed
        raise ProtocolViolation(
            ErrorCode.UNSUPPORTED_CODEC, "codec_not_offered", f"the server chose codec {ok.codec}, not offered"
        )
    if ok.max_frame_size < MIN_MAX_FRAME_SIZE or ok.max_in_flight < 1 or ok.max_batch_events < 1:
        raise ProtocolViolation(
            ErrorCode.INVALID_ARGUMENT, "invalid_argument", f"HELLO_OK announces limits out of range: {ok}"
        )
