"""A small in-memory Disco server for unit-testing the client's machinery (pipelining, credit, cancel,
errors) without the real server. It is built on this package's own codec, so it proves nothing about the
spec: that is what the vectors and the integration tests are for."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from disco_client import messages as m
from disco_client.batch import CODEC_ZLIB, StoredEvent, encode_stored_records
from disco_client.errors import (
    ConsumerOffsetConflictDetails,
    ErrorCode,
    EventIdConflictDetails,
    ProtocolViolation,
    UnsupportedVersionDetails,
    VersionConflictDetails,
)
from disco_client.frames import MIN_MAX_FRAME_SIZE, FrameDecoder


@dataclass
class Store:
    events: list[StoredEvent] = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    emits: dict = field(default_factory=dict)  # tuple of ids -> Emitted
    consumers: dict[str, int] = field(default_factory=dict)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        old, self.changed = self.changed, asyncio.Event()
        old.set()

    def version(self, aggregate: str) -> int:
        return max((e.aggregate_version for e in self.events if e.aggregate_id == aggregate), default=0)


class _Stream:
    def __init__(self, credit: int) -> None:
        self.credit = credit
        self.cancelled = False
        self.wake = asyncio.Event()


class FakeServer:
    """``async with FakeServer() as server:`` listens on 127.0.0.1:``server.port``."""

    def __init__(
        self,
        *,
        token: str = "",
        zlib: bool = True,
        max_in_flight: int = 128,
        max_batch_events: int = 10_000,
        events_per_frame: int = 3,
        ping_delay: float = 0.0,
    ) -> None:
        self.token = token
        self.zlib = zlib
        self.max_in_flight = max_in_flight
        self.max_batch_events = max_batch_events
        self.events_per_frame = events_per_frame
        self.ping_delay = ping_delay
        self.store = Store()
        self.received: list[tuple[int, int]] = []  # (opcode, request id) of every frame
        self.max_concurrent = 0
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    async def __aenter__(self) -> "FakeServer":
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = _Connection(self, reader, writer)
        try:
            await conn.run()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            for task in conn.tasks:
                task.cancel()
            writer.close()


class _Connection:
    def __init__(self, server: FakeServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.s = server
        self.reader = reader
        self.writer = writer
        self.decoder = FrameDecoder(MIN_MAX_FRAME_SIZE)
        self.streams: dict[int, _Stream] = {}
        self.busy: set[int] = set()
        self.tasks: set[asyncio.Task] = set()
        self.client_max = MIN_MAX_FRAME_SIZE
        self.codec = 0

    def send(self, msg: m.Message, rid: int) -> None:
        self.writer.write(msg.encode(rid))

    def error(self, rid: int, code: int, message: str, details=None) -> None:
        self.send(m.Error.with_details(code, message, details), rid)

    async def frames(self):
        while True:
            for frame in self.decoder.frames():
                yield frame
            data = await self.reader.read(65536)
            if not data:
                return
            self.decoder.feed(data)

    async def run(self) -> None:
        frames = self.frames()
        try:
            first = await frames.__anext__()
            if first.opcode != m.Opcode.HELLO:
                self.error(first.request_id, ErrorCode.HANDSHAKE_REQUIRED, "HELLO first")
                return
            if not self.handshake(first):
                return
            async for frame in frames:
                self.s.received.append((frame.opcode, frame.request_id))
                try:
                    msg = m.decode_client_message(frame, max_frame_size=16 << 20, zlib_allowed=self.codec == 1)
                    m.validate_client_message(msg, max_batch_events=self.s.max_batch_events)
                except ProtocolViolation as exc:
                    self.error(frame.request_id, exc.code, exc.message, exc.details)
                    continue
                self.handle(msg, frame.request_id)
        except ProtocolViolation as exc:  # framing lost
            self.error(exc.request_id or 0, exc.code, exc.message, exc.details)
        finally:
            await self.writer.drain()

    def handshake(self, frame) -> bool:
        try:
            hello = m.decode_client_message(frame)
            m.validate_client_message(hello)
        except ProtocolViolation as exc:
            self.error(frame.request_id, exc.code, exc.message, exc.details)
            return False
        assert isinstance(hello, m.Hello)
        if not hello.min_version <= 1 <= hello.max_version:
            self.error(frame.request_id, ErrorCode.UNSUPPORTED_VERSION, "no common version",
                       UnsupportedVersionDetails(1, 1))
            return False
        if self.s.token and hello.auth_token != self.s.token:
            self.error(frame.request_id, ErrorCode.AUTHENTICATION_FAILED, "bad token")
            return False
        self.codec = next((c for c in hello.codecs if c == 0 or (c == 1 and self.s.zlib)), 0)
        self.client_max = hello.max_frame_size
        self.decoder.max_frame_size = 16 << 20
        self.send(m.HelloOk(1, "fake/0", self.codec, 16 << 20, self.s.max_in_flight, self.s.max_batch_events),
                  frame.request_id)
        return True

    def spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def handle(self, msg: m.Message, rid: int) -> None:
        if isinstance(msg, m.Credit):
            stream = self.streams.get(rid)
            if stream:
                stream.credit = min(0xFFFFFFFF, stream.credit + msg.additional)
                stream.wake.set()
            return
        if isinstance(msg, m.Cancel):
            stream = self.streams.get(rid)
            if stream:
                stream.cancelled = True
                stream.wake.set()
            return
        if rid in self.busy:
            self.error(rid, ErrorCode.DUPLICATE_REQUEST_ID, "id in use")
            return
        if len(self.busy) >= self.s.max_in_flight:
            self.error(rid, ErrorCode.TOO_MANY_IN_FLIGHT, "too many")
            return
        self.busy.add(rid)
        self.s.max_concurrent = max(self.s.max_concurrent, len(self.busy))
        self.spawn(self.serve(msg, rid))

    async def serve(self, msg: m.Message, rid: int) -> None:
        try:
            if isinstance(msg, (m.ReadAfter, m.ReadTypes, m.ReadAggregate, m.Subscribe)):
                await self.stream(msg, rid)
            else:
                self.unary(msg, rid)
        finally:
            self.busy.discard(rid)
            self.streams.pop(rid, None)

    def unary(self, msg: m.Message, rid: int) -> None:
        st = self.s.store
        if isinstance(msg, m.Ping):
            if self.s.ping_delay:
                return self.spawn(self._late_pong(msg, rid))
            self.send(m.Pong(msg.nonce), rid)
        elif isinstance(msg, m.Emit):
            ids = tuple(e.id for e in msg.events)
            if ids in st.emits:
                old = st.emits[ids]
                return self.send(m.Emitted(True, old.events), rid)
            for e in msg.events:
                if e.id in st.by_id:
                    return self.error(rid, ErrorCode.EVENT_ID_CONFLICT, "id stored", EventIdConflictDetails(e.id))
            for x in msg.expectations:
                actual = st.version(x.aggregate_id)
                if actual != x.version:
                    return self.error(rid, ErrorCode.VERSION_CONFLICT, "conflict",
                                      VersionConflictDetails(x.aggregate_id, x.kind, x.version, actual))
            now = time.time_ns() // 1000
            out = []
            for e in msg.events:
                version = st.version(e.aggregate_id) + 1 if e.aggregate_id else 0
                stored = StoredEvent(len(st.events) + 1, e.id, version, now, e.type, e.aggregate_id, e.payload, e.meta)
                st.events.append(stored)
                st.by_id[e.id] = stored
                out.append(m.EmittedEvent(stored.offset, version, now))
            st.emits[ids] = m.Emitted(False, out)
            self.send(m.Emitted(False, out), rid)
            st.notify()
        elif isinstance(msg, m.ConsumerGet):
            self.send(m.ConsumerOffset(st.consumers.get(msg.consumer, 0), msg.consumer in st.consumers), rid)
        elif isinstance(msg, m.ConsumerUpdate):
            current = st.consumers.get(msg.consumer, 0)
            if msg.has_expected and current != msg.expected:
                return self.error(rid, ErrorCode.CONSUMER_OFFSET_CONFLICT, "conflict",
                                  ConsumerOffsetConflictDetails(current, msg.consumer in st.consumers))
            st.consumers[msg.consumer] = msg.offset
            self.send(m.ConsumerOffset(msg.offset, True), rid)
        elif isinstance(msg, m.ConsumerReset):
            if msg.consumer not in st.consumers:
                return self.error(rid, ErrorCode.UNKNOWN_CONSUMER, "unknown")
            st.consumers[msg.consumer] = 0
            self.send(m.ConsumerOffset(0, True), rid)

    async def _late_pong(self, msg: m.Ping, rid: int) -> None:
        await asyncio.sleep(self.s.ping_delay)
        self.send(m.Pong(msg.nonce), rid)

    async def stream(self, msg, rid: int) -> None:
        st = self.s.store
        stream = _Stream(msg.credit)
        self.streams[rid] = stream
        limit = getattr(msg, "limit", 0)
        types = set(getattr(msg, "types", []) or [])
        if isinstance(msg, m.ReadAggregate):
            position = msg.from_version - 1
            match = lambda e: e.aggregate_id == msg.aggregate_id and e.aggregate_version > position  # noqa: E731
            key = lambda e: e.aggregate_version  # noqa: E731
        else:
            position = msg.after_offset
            match = lambda e: e.offset > position and (not types or e.type in types)  # noqa: E731
            key = lambda e: e.offset  # noqa: E731
        sent = 0
        head = len(st.events)
        caught_up = False
        while True:
            pending = [e for e in st.events[: head] if match(e)]
            pending.sort(key=key)
            if limit:
                pending = pending[: limit - sent]
            while pending and not stream.cancelled:
                while stream.credit == 0 and not stream.cancelled:
                    stream.wake.clear()
                    await stream.wake.wait()
                if stream.cancelled:
                    break
                chunk, pending = pending[: self.s.events_per_frame], pending[self.s.events_per_frame:]
                codec = CODEC_ZLIB if self.codec == 1 else 0
                self.send(m.Events(chunk, codec), rid)
                stream.credit -= 1
                sent += len(chunk)
                position = key(chunk[-1])
                await asyncio.sleep(0)
            if stream.cancelled:
                return self.send(m.StreamEnd(2, sent, position), rid)
            if not isinstance(msg, m.Subscribe):
                reason = 1 if limit and sent >= limit else 0
                return self.send(m.StreamEnd(reason, sent, position), rid)
            if not caught_up:
                self.send(m.CaughtUp(head), rid)
                caught_up = True
            # wait for new events or a cancel
            changed = st.changed
            if len(st.events) == head:
                stream.wake.clear()
                waiters = {asyncio.ensure_future(changed.wait()), asyncio.ensure_future(stream.wake.wait())}
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
                for t in waiters:
                    t.cancel()
            head = len(st.events)


if __name__ == "__main__":  # python tests/fake_server.py PORT: serve until interrupted
    import sys

    async def _main() -> None:
        server = FakeServer()
        server._server = await asyncio.start_server(server._connection, "127.0.0.1", int(sys.argv[1]))
        print("listening", flush=True)
        await server._server.serve_forever()

    asyncio.run(_main())
