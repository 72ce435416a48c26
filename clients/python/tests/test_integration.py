"""Integration tests against a real disco-server on loopback (marker ``integration``).

The server under test is either

* started by this module: ``DISCO_SERVER_BIN`` (the binary) and ``DISCO_TEST_POSTGRES_URL`` (its database).
  It is run as ``$DISCO_SERVER_BIN --host 127.0.0.1 --port 0 --postgres-url $DISCO_TEST_POSTGRES_URL
  --port-file FILE`` (plus ``DISCO_SERVER_ARGS``, split like a shell would), and writes its port to FILE; or
* already running: ``DISCO_SERVER_ADDRESS=host:port``.

``DISCO_TEST_TOKEN`` is the auth token the server requires, if it requires one. With neither server
variable set these tests FAIL (they never skip): run only the vector and unit tests with
``pytest -m "not integration"``.

Every test uses fresh aggregate ids, event types and consumer names, so the database may hold anything.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator

import pytest

from disco_client import (
    CaughtUp,
    Client,
    ConnectionClosed,
    DiscoError,
    ErrorCode,
    Expectation,
    NewEvent,
    StoredEvent,
    StreamEndReason,
    connect,
)
from disco_client.frames import FrameDecoder, Opcode
from disco_client.messages import Ping, decode_server_message, Error

pytestmark = pytest.mark.integration

HOW_TO_RUN = """\
integration tests need a disco-server; none is configured.

  Start one for the test run:
    DISCO_SERVER_BIN=/path/to/disco-server DISCO_TEST_POSTGRES_URL=postgres://user@localhost/disco_test \\
      python -m pytest -m integration
  or use a running one:
    DISCO_SERVER_ADDRESS=127.0.0.1:7400 python -m pytest -m integration
  (DISCO_TEST_TOKEN=... if the server requires an auth token.)

  To run only the vector and unit tests:  python -m pytest -m "not integration"
"""

TOKEN = os.environ.get("DISCO_TEST_TOKEN", "")


@dataclass
class ServerUnderTest:
    host: str = ""
    port: int = 0
    problem: str | None = None
    log: Path | None = None

    @property
    def address(self) -> tuple[str, int]:
        """The server's address; fails the calling test (never skips) when there is no server."""
        if self.problem is not None:
            pytest.fail(self.problem, pytrace=False)
        return self.host, self.port


def _start_server(binary: str, postgres_url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], ServerUnderTest]:
    port_file = workdir / "port"
    log = workdir / "server.log"
    cmd = [binary, "--host", "127.0.0.1", "--port", "0", "--postgres-url", postgres_url,
           "--port-file", str(port_file), *shlex.split(os.environ.get("DISCO_SERVER_ARGS", ""))]
    out = log.open("wb")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + float(os.environ.get("DISCO_SERVER_START_TIMEOUT", "60"))
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-4000:]
            return proc, ServerUnderTest(problem=f"disco-server exited with {proc.returncode}:\n{tail}")
        text = port_file.read_text().strip() if port_file.exists() else ""
        if text.isdigit() and int(text) > 0:
            return proc, ServerUnderTest("127.0.0.1", int(text), log=log)
        time.sleep(0.05)
    return proc, ServerUnderTest(problem=f"disco-server did not write {port_file} in time; log: {log}")


@pytest.fixture(scope="session")
def server() -> Iterator[ServerUnderTest]:
    address = os.environ.get("DISCO_SERVER_ADDRESS")
    if address:
        host, _, port = address.rpartition(":")
        yield ServerUnderTest(host or "127.0.0.1", int(port))
        return
    binary = os.environ.get("DISCO_SERVER_BIN")
    postgres_url = os.environ.get("DISCO_TEST_POSTGRES_URL")
    if not binary:
        yield ServerUnderTest(problem=HOW_TO_RUN)
        return
    if not postgres_url:
        yield ServerUnderTest(problem="DISCO_SERVER_BIN is set but DISCO_TEST_POSTGRES_URL is not.\n\n" + HOW_TO_RUN)
        return
    with tempfile.TemporaryDirectory(prefix="disco-py-") as tmp:
        proc, sut = _start_server(binary, postgres_url, Path(tmp))
        try:
            yield sut
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run(test: Callable[[], Awaitable[Any]], timeout: float = 60) -> Any:
    return asyncio.run(asyncio.wait_for(test(), timeout))


def uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


async def open_client(server: ServerUnderTest, **options: Any) -> Client:
    host, port = server.address
    options.setdefault("token", TOKEN)
    options.setdefault("client_name", "disco-client-py-tests")
    return await connect(host, port, **options)


def payload(i: int, size: int = 0) -> bytes:
    body: dict[str, Any] = {"i": i}
    if size:
        body["text"] = ("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size]
    return json.dumps(body).encode()


# --- handshake ---------------------------------------------------------------------------------------------


def test_handshake_negotiates_version_codec_and_limits(server: ServerUnderTest) -> None:
    async def t() -> None:
        async with await open_client(server) as c:
            assert c.server.version == 1
            assert c.server.codec in (0, 1)
            assert 65536 <= c.server.max_frame_size <= 16 * 1024 * 1024
            assert c.server.max_in_flight >= 1 and c.server.max_batch_events >= 1
            assert await c.ping() >= 0
        async with await open_client(server, compression=False) as c:
            assert c.server.codec == 0
            await c.ping()
        async with await open_client(server, max_frame_size=65536, min_version=1, max_version=7) as c:
            assert c.server.version == 1  # the highest common version

    run(t)


def test_wrong_version_is_refused_with_the_server_range(server: ServerUnderTest) -> None:
    async def t() -> None:
        with pytest.raises(DiscoError) as info:
            await open_client(server, min_version=2, max_version=9)
        e = info.value
        assert e.code == ErrorCode.UNSUPPORTED_VERSION and e.origin == "server" and not e.retriable
        assert e.details is not None and e.details.server_min <= 1 <= e.details.server_max  # type: ignore[union-attr]

    run(t)


def test_auth_token(server: ServerUnderTest) -> None:
    async def t() -> None:
        if TOKEN:
            with pytest.raises(DiscoError) as info:
                await open_client(server, token=TOKEN + "-wrong")
            assert info.value.code == ErrorCode.AUTHENTICATION_FAILED
            with pytest.raises(DiscoError) as info:
                await open_client(server, token="")
            assert info.value.code == ErrorCode.AUTHENTICATION_FAILED
            async with await open_client(server) as c:
                await c.ping()
        else:
            # No token configured (set DISCO_TEST_TOKEN to the server's token to test refusal): a server
            # without tokens accepts any.
            async with await open_client(server, token="anything") as c:
                await c.ping()

    run(t)


def test_first_frame_must_be_hello(server: ServerUnderTest) -> None:
    async def t() -> None:
        host, port = server.address
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(Ping(1).encode(5))
        decoder = FrameDecoder()
        while (frame := decoder.next_frame()) is None:
            data = await reader.read(65536)
            assert data, "the server closed without an ERROR"
            decoder.feed(data)
        msg = decode_server_message(frame)
        assert isinstance(msg, Error) and msg.code == ErrorCode.HANDSHAKE_REQUIRED
        assert await reader.read() == b""  # then closes
        writer.close()

    run(t)


# --- emit --------------------------------------------------------------------------------------------------


def test_emit_single_and_batch(server: ServerUnderTest) -> None:
    async def t() -> None:
        agg, kind = uid("order"), uid("Placed")
        async with await open_client(server) as c:
            single = NewEvent(kind, payload(0), agg)
            one = await c.emit(single)
            assert not one.replayed and len(one.events) == 1
            assert one.events[0].aggregate_version == 1 and one.events[0].offset >= 1
            batch = [NewEvent(kind, payload(i), agg, meta=b"m%d" % i) for i in range(1, 50)]
            many = await c.emit(batch)
            assert [e.aggregate_version for e in many.events] == list(range(2, 51))
            assert many.offsets == sorted(many.offsets) and many.offsets[0] > one.last_offset
            no_agg = await c.emit(NewEvent(kind, b""))
            assert no_agg.events[0].aggregate_version == 0
            stored = await c.read_aggregate(agg).collect()
            assert [e.id for e in stored] == [single.id] + [e.id for e in batch]
            assert stored[1].meta == b"m1" and stored[1].payload == payload(1) and stored[1].type == kind
            assert [e.offset for e in stored] == one.offsets + many.offsets
            assert all(e.emitted_at > 0 for e in stored)

    run(t)


def test_expected_version_conflict_has_details_and_stores_nothing(server: ServerUnderTest) -> None:
    async def t() -> None:
        agg, other = uid("order"), uid("order")
        async with await open_client(server) as c:
            await c.emit([NewEvent("A", b"", agg), NewEvent("B", b"", agg)], {agg: 0})
            with pytest.raises(DiscoError) as info:
                await c.emit(NewEvent("C", b"", agg), [Expectation.no_events(agg)])
            d = info.value.details
            assert info.value.code == ErrorCode.VERSION_CONFLICT and not info.value.retriable
            assert (d.aggregate_id, d.kind, d.expected, d.actual) == (agg, 1, 0, 2)  # type: ignore[union-attr]
            with pytest.raises(DiscoError) as info:
                await c.emit([NewEvent("C", b"", agg), NewEvent("D", b"", other)],
                             [Expectation.at_version(agg, 2), Expectation.at_version(other, 5)])
            d = info.value.details
            assert (d.aggregate_id, d.kind, d.expected, d.actual) == (other, 2, 5, 0)  # type: ignore[union-attr]
            assert len(await c.read_aggregate(agg).collect()) == 2  # atomic: nothing was stored
            assert await c.read_aggregate(other).collect() == []
            ok = await c.emit(NewEvent("C", b"", agg), {agg: 2})
            assert ok.events[0].aggregate_version == 3

    run(t)


def test_idempotent_retry_returns_the_original_positions(server: ServerUnderTest) -> None:
    async def t() -> None:
        agg = uid("order")
        events = [NewEvent("Placed", payload(i), agg) for i in range(3)]
        assert all(e.id.version == 7 for e in events)
        async with await open_client(server) as c:
            first = await c.emit(events)
        async with await open_client(server) as c:  # a retry on a new connection
            again = await c.emit(events)
            assert again.replayed and again.events == first.events
            # some ids stored, some not: conflict, nothing stored
            with pytest.raises(DiscoError) as info:
                await c.emit([events[0], NewEvent("Placed", b"", agg)])
            assert info.value.code == ErrorCode.EVENT_ID_CONFLICT
            assert info.value.details.id == events[0].id  # type: ignore[union-attr]
            # the same id with other content
            with pytest.raises(DiscoError) as info:
                await c.emit(NewEvent("Placed", b"different", agg, id=events[1].id))
            assert info.value.code == ErrorCode.EVENT_ID_CONFLICT
            assert len(await c.read_aggregate(agg).collect()) == 3

    run(t)


# --- reads -------------------------------------------------------------------------------------------------


def test_reads_with_limits_and_paging(server: ServerUnderTest) -> None:
    async def t() -> None:
        agg, kind, other = uid("order"), uid("Tick"), uid("Tock")
        async with await open_client(server) as c:
            written = await c.emit([NewEvent(kind, payload(i), agg) for i in range(30)])
            await c.emit([NewEvent(other, payload(i)) for i in range(5)])
            offsets = written.offsets

            # READ_TYPES in pages of 7, credit 1
            got: list[StoredEvent] = []
            after, pages = 0, 0
            while True:
                stream = c.read_types([kind], after_offset=after, limit=7, credit=1)
                page = await stream.collect()
                end = stream.end
                assert end is not None and end.event_count == len(page)
                got += page
                pages += 1
                if end.reason == StreamEndReason.COMPLETE:
                    break
                assert end.reason == StreamEndReason.LIMIT_REACHED and len(page) == 7
                assert end.last_position == page[-1].offset
                after = end.last_position
            assert [e.offset for e in got] == offsets and pages == 5

            # READ_AFTER with a type filter and a limit
            stream = c.read_after(offsets[0] - 1, types=[kind, other], limit=10)
            assert [e.offset for e in await stream.collect()] == offsets[:10]
            assert stream.end is not None and stream.end.reason == StreamEndReason.LIMIT_REACHED

            # READ_AFTER without a limit ends at the head; the last page may be empty
            stream = c.read_after(offsets[-1], types=[kind])
            assert await stream.collect() == []
            assert stream.end is not None and stream.end.reason == StreamEndReason.COMPLETE
            assert stream.end.event_count == 0 and stream.end.last_position == offsets[-1]

            # READ_AGGREGATE pages by version
            stream = c.read_aggregate(agg, from_version=11, limit=5)
            page = await stream.collect()
            assert [e.aggregate_version for e in page] == [11, 12, 13, 14, 15]
            assert stream.end is not None and stream.end.last_position == 15
            stream = c.read_aggregate(agg, from_version=stream.end.last_position + 1)
            assert [e.aggregate_version for e in await stream.collect()] == list(range(16, 31))
            assert stream.end is not None and stream.end.reason == StreamEndReason.COMPLETE

            # an empty READ_AGGREGATE reports from_version - 1 as its last position (README §5, Paging)
            stream = c.read_aggregate(uid("nobody"))
            assert await stream.collect() == []
            assert stream.end is not None and stream.end.event_count == 0
            assert stream.end.reason == StreamEndReason.COMPLETE and stream.end.last_position == 0
            stream = c.read_aggregate(agg, from_version=31)
            assert await stream.collect() == []
            assert stream.end is not None and stream.end.last_position == 30

    run(t)


def test_compression_on_and_off_give_identical_events(server: ServerUnderTest) -> None:
    async def t() -> None:
        kind = uid("Big")
        events = [NewEvent(kind, payload(i, 1500), uid("agg"), meta=b'{"src":"py"}') for i in range(120)]
        async with await open_client(server, compression=True) as zc, \
                await open_client(server, compression=False) as rc:
            await zc.emit(events[:60])  # compressed EMIT when the server negotiated zlib
            await rc.emit(events[60:])  # uncompressed EMIT
            a = await zc.read_types([kind], credit=2).collect()
            b = await rc.read_types([kind], credit=2).collect()
            assert a == b
            assert [e.id for e in a] == [e.id for e in events]
            assert [e.payload for e in a] == [e.payload for e in events]

    run(t)


def test_small_max_frame_size_splits_batches(server: ServerUnderTest) -> None:
    async def t() -> None:
        kind = uid("Chunky")
        events = [NewEvent(kind, payload(i, 10_000)) for i in range(30)]  # ~300 KB in all
        async with await open_client(server, max_frame_size=65536, compression=False) as c:
            for i in range(0, 30, 5):
                await c.emit(events[i : i + 5])
            got = await c.read_types([kind], credit=1).collect()
            assert [e.id for e in got] == [e.id for e in events]

    run(t)


# --- subscriptions -----------------------------------------------------------------------------------------


def test_subscribe_catch_up_then_live_then_cancel(server: ServerUnderTest) -> None:
    async def t() -> None:
        kind = uid("Tick")
        async with await open_client(server) as c, await open_client(server) as writer:
            stored = await writer.emit([NewEvent(kind, payload(i)) for i in range(5)])
            after = stored.offsets[0] - 1
            seen: list[int] = []
            live: list[int] = []
            async with c.subscribe(after, [kind], credit=2, yield_caught_up=True) as sub:
                async for item in sub:
                    if isinstance(item, CaughtUp):
                        assert sub.caught_up and item.head_offset >= stored.last_offset
                        assert seen == stored.offsets
                        live = (await writer.emit([NewEvent(kind, payload(i)) for i in range(3)])).offsets
                        continue
                    seen.append(item.offset)
                    if len(seen) == 8:
                        break
                end = await sub.cancel()
            assert seen == stored.offsets + live
            assert end is not None and end.reason == StreamEndReason.CANCELLED
            assert end.event_count == 8 and end.last_position == live[-1]
            assert c.in_flight == 0
            await c.ping()

    run(t)


def test_subscription_from_the_head_sees_only_new_events(server: ServerUnderTest) -> None:
    async def t() -> None:
        kind = uid("Tick")
        async with await open_client(server) as c, await open_client(server) as writer:
            old = await writer.emit(NewEvent(kind, b"old"))
            sub = c.subscribe(old.last_offset, [kind])
            async with sub:
                consumer = asyncio.ensure_future(sub.__anext__())
                head = await sub.wait_caught_up()
                assert head >= old.last_offset
                new = await writer.emit(NewEvent(kind, b"new"))
                event = await consumer
                assert event.offset == new.last_offset and event.payload == b"new"

    run(t)


# --- consumers ---------------------------------------------------------------------------------------------


def test_consumer_offsets(server: ServerUnderTest) -> None:
    async def t() -> None:
        name = uid("billing")
        async with await open_client(server) as c:
            first = await c.consumer_get(name)
            assert (first.offset, first.known) == (0, False)
            with pytest.raises(DiscoError) as info:
                await c.consumer_reset(name)
            assert info.value.code == ErrorCode.UNKNOWN_CONSUMER
            stored = await c.consumer_update(name, 42, expected=0)  # never stored matches 0
            assert (stored.offset, stored.known) == (42, True)
            with pytest.raises(DiscoError) as info:
                await c.consumer_update(name, 50, expected=40)
            d = info.value.details
            assert info.value.code == ErrorCode.CONSUMER_OFFSET_CONFLICT
            assert (d.actual, d.known) == (42, True)  # type: ignore[union-attr]
            assert (await c.consumer_update(name, 50, expected=42)).offset == 50
            assert (await c.consumer_update(name, 7)).offset == 7  # unconditional
            got = await c.consumer_get(name)
            assert (got.offset, got.known) == (7, True)
            reset = await c.consumer_reset(name)
            assert (reset.offset, reset.known) == (0, True)
            with pytest.raises(DiscoError) as info:
                await c.consumer_update(uid("fresh"), 1, expected=3)
            d = info.value.details
            assert (d.actual, d.known) == (0, False)  # type: ignore[union-attr]

    run(t)


# --- pipelining --------------------------------------------------------------------------------------------


def test_pipelining_many_concurrent_requests_on_one_connection(server: ServerUnderTest) -> None:
    async def t() -> None:
        kind, name = uid("Pipe"), uid("pipe")
        async with await open_client(server) as c:
            async def stream_count() -> int:
                return len(await c.read_types([kind]).collect())

            jobs: list[Awaitable[Any]] = []
            for i in range(300):
                jobs.append(c.emit(NewEvent(kind, payload(i))) if i % 3 == 0
                            else c.ping() if i % 3 == 1 else c.consumer_get(name))
            jobs += [stream_count() for _ in range(10)]
            results = await asyncio.gather(*jobs)
            emits = [r for r in results[:300:3]]
            offsets = [r.last_offset for r in emits]
            assert len(set(offsets)) == 100
            assert await c.read_types([kind]).collect() != []
            assert len(await c.read_types([kind]).collect()) == 100
            assert c.in_flight == 0

    run(t)


# --- malformed input ---------------------------------------------------------------------------------------


def test_malformed_frames_get_typed_errors(server: ServerUnderTest) -> None:
    async def t() -> None:
        async with await open_client(server) as c:
            # a body with a trailing byte: an error for that request, the connection stays open
            with pytest.raises(DiscoError) as info:
                await c.raw_request(Opcode.PING, bytes(9))
            assert info.value.code == ErrorCode.MALFORMED_FRAME and info.value.request_id != 0
            # an undefined opcode, and a server opcode sent to the server
            for opcode in (0x7F, Opcode.PONG):
                with pytest.raises(DiscoError) as info:
                    await c.raw_request(opcode, bytes(8))
                assert info.value.code == ErrorCode.UNKNOWN_OPCODE
                assert info.value.details.opcode == opcode  # type: ignore[union-attr]
            # invalid UTF-8 and an undefined codec
            with pytest.raises(DiscoError) as info:
                await c.raw_request(Opcode.CONSUMER_GET, b"\x00\x02\xc0\xaf")
            assert info.value.code == ErrorCode.INVALID_UTF8
            with pytest.raises(DiscoError) as info:
                await c.raw_request(Opcode.EMIT, b"\x00\x00" + b"\x07" + bytes(8))
            assert info.value.code == ErrorCode.UNSUPPORTED_CODEC
            assert info.value.details.codec == 7  # type: ignore[union-attr]
            # a semantic error: an empty consumer name
            with pytest.raises(DiscoError) as info:
                await c.raw_request(Opcode.CONSUMER_GET, b"\x00\x00")
            assert info.value.code == ErrorCode.INVALID_ARGUMENT
            await c.ping()

    run(t)


def test_broken_framing_closes_the_connection(server: ServerUnderTest) -> None:
    async def t() -> None:
        async with await open_client(server) as c:
            await c.send_raw_bytes(bytes.fromhex("0000000e0201000000090000000000000001"))  # flags = 1
            cause = await c.wait_closed()
            assert isinstance(cause, DiscoError)
            assert (cause.code, cause.request_id) == (ErrorCode.MALFORMED_FRAME, 0)
            with pytest.raises(ConnectionClosed):
                await c.ping()
        async with await open_client(server) as c:
            limit = c.server.max_frame_size
            # only the header of an EMIT one byte over the server's limit: refused from the header alone
            header = (limit + 1 - 4).to_bytes(4, "big") + bytes([Opcode.EMIT, 0]) + (33).to_bytes(4, "big")
            await c.send_raw_bytes(header)
            cause = await c.wait_closed()
            assert isinstance(cause, DiscoError) and cause.code == ErrorCode.FRAME_TOO_LARGE
            assert cause.request_id == 33
            assert cause.details is not None and cause.details.limit == limit  # type: ignore[union-attr]

    run(t)


# --- across languages: the Swift client (the `disco` CLI, built on DiscoClient) and this one ---------------

CLI_HOW_TO = """\
the cross-language tests need the Swift command-line client: set DISCO_CLI_BIN to the `disco` binary
(`swift build --product disco`, then `$(swift build --show-bin-path)/disco`). scripts/test sets it."""


def swift_cli(server: ServerUnderTest, *args: str) -> list[dict[str, Any]]:
    """Runs the Swift `disco` CLI against the server under test; returns its JSON lines."""
    binary = os.environ.get("DISCO_CLI_BIN")
    if not binary:
        pytest.fail(CLI_HOW_TO, pytrace=False)
    host, port = server.address
    env = dict(os.environ, DISCO_AUTH_TOKEN=TOKEN)
    done = subprocess.run([binary, *args, "--server", f"{host}:{port}"], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return [json.loads(line) for line in done.stdout.decode().splitlines() if line.strip()]


def test_events_emitted_from_python_read_by_the_swift_client(server: ServerUnderTest) -> None:
    kind = uid("py-to-swift")
    agg = uid("agg")
    events = [
        NewEvent(kind, payload(0), agg, meta=b'{"source":"python"}'),
        NewEvent(kind, bytes(range(256)), agg, meta=b"\x00\xff binary meta"),
        NewEvent(kind, "ünïcødé ✓".encode(), ""),
    ]

    async def emit() -> Any:
        async with await open_client(server) as c:
            return await c.emit(events)

    stored = run(emit)
    lines = swift_cli(server, "read", "--types", kind)
    assert [line["offset"] for line in lines] == [e.offset for e in stored.events]
    for line, sent, at in zip(lines, events, stored.events):
        assert line["id"] == str(sent.id)
        assert line["type"] == kind
        assert line["aggregate_id"] == (sent.aggregate_id or None)
        assert line["aggregate_version"] == at.aggregate_version
        assert line["emitted_at"] == at.emitted_at
        assert bytes.fromhex(line["payload_hex"]) == sent.payload
        assert bytes.fromhex(line["meta_hex"]) == sent.meta


def test_events_emitted_by_the_swift_client_read_from_python(server: ServerUnderTest) -> None:
    kind = uid("swift-to-py")
    agg = uid("agg")
    emitted = [
        swift_cli(server, "emit", "--type", kind, "--aggregate", agg, "--payload", f'{{"n":{n},"text":"ünïcødé"}}',
                  "--meta", "from swift")[0]
        for n in range(3)
    ]

    async def read() -> list[StoredEvent]:
        async with await open_client(server) as c:
            return await c.read_types([kind]).collect()

    events = run(read)
    assert [e.offset for e in events] == [line["offset"] for line in emitted]
    assert [str(e.id) for e in events] == [line["id"] for line in emitted]
    assert [e.aggregate_version for e in events] == [1, 2, 3]
    assert [e.emitted_at for e in events] == [line["emitted_at"] for line in emitted]
    assert [e.payload for e in events] == [f'{{"n":{n},"text":"ünïcødé"}}'.encode() for n in range(3)]
    assert all(e.meta == b"from swift" and e.aggregate_id == agg for e in events)
