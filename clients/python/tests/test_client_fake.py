"""The client's machinery against an in-memory fake server (tests/fake_server.py): handshake, pipelining,
credit, cancel, errors. The real server is exercised by test_integration.py."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

import pytest

from disco_client import (
    CaughtUp,
    ConnectionClosed,
    DiscoError,
    ErrorCode,
    Expectation,
    NewEvent,
    ProtocolViolation,
    StreamEndReason,
    connect,
)
from disco_client.frames import Opcode
from fake_server import FakeServer


def run(test: Callable[..., Awaitable[Any]], **server_options: Any) -> Any:
    async def main() -> Any:
        async with FakeServer(**server_options) as server:
            return await asyncio.wait_for(test(server), 10)

    return asyncio.run(main())


def test_handshake_negotiates_zlib_and_limits() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port, client_name="t") as c:
            assert c.server.version == 1 and c.server.codec == 1 and c.server.max_in_flight == 128
        async with await connect("127.0.0.1", server.port, compression=False) as c:
            assert c.server.codec == 0

    run(t)


def test_wrong_version_and_bad_token_raise_typed_errors() -> None:
    async def t(server: FakeServer) -> None:
        with pytest.raises(DiscoError) as info:
            await connect("127.0.0.1", server.port, token="s3cret", min_version=2, max_version=3)
        assert info.value.code == ErrorCode.UNSUPPORTED_VERSION
        assert (info.value.details.server_min, info.value.details.server_max) == (1, 1)  # type: ignore[union-attr]
        with pytest.raises(DiscoError) as info:
            await connect("127.0.0.1", server.port, token="wrong")
        assert info.value.code == ErrorCode.AUTHENTICATION_FAILED and not info.value.retriable
        async with await connect("127.0.0.1", server.port, token="s3cret") as c:
            await c.ping()

    run(t, token="s3cret")


def test_invalid_arguments_are_refused_locally() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            with pytest.raises(ProtocolViolation) as info:
                await c.emit([])
            assert info.value.code == ErrorCode.INVALID_ARGUMENT and info.value.origin == "local"
            with pytest.raises(ProtocolViolation):
                await c.consumer_get("")
            with pytest.raises(ProtocolViolation):
                await c.read_types([]).collect()
            assert c.in_flight == 0
            await c.ping()

    run(t)


def test_emit_read_and_idempotent_retry() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            events = [NewEvent("OrderPlaced", b"{}", "order-1"), NewEvent("OrderPaid", b"{}", "order-1")]
            first = await c.emit(events, {"order-1": 0})
            assert not first.replayed and first.offsets == [1, 2]
            again = await c.emit(events, {"order-1": 0})
            assert again.replayed and again.offsets == first.offsets
            with pytest.raises(DiscoError) as info:
                await c.emit(NewEvent("OrderShipped", b"", "order-1"), [Expectation.at_version("order-1", 7)])
            d = info.value.details
            assert info.value.code == ErrorCode.VERSION_CONFLICT
            assert (d.aggregate_id, d.kind, d.expected, d.actual) == ("order-1", 2, 7, 2)  # type: ignore[union-attr]
            read = [e async for e in c.read_aggregate("order-1")]
            assert [e.id for e in read] == [e.id for e in events]
            assert [e.aggregate_version for e in read] == [1, 2]

    run(t)


def test_reads_page_with_small_credit() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            await c.emit([NewEvent("Tick", str(i).encode()) for i in range(25)])
            stream = c.read_after(0, limit=10, credit=1)
            page = await stream.collect()
            assert [e.offset for e in page] == list(range(1, 11))
            assert stream.end is not None and stream.end.reason == StreamEndReason.LIMIT_REACHED
            rest = c.read_after(stream.end.last_position, credit=1)
            assert [e.offset for e in await rest.collect()] == list(range(11, 26))
            assert rest.end is not None and rest.end.reason == StreamEndReason.COMPLETE
            # credit 1 means one EVENTS frame at a time: the server sent 9 frames after 1 initial credit
            credits = [op for op, _ in server.received if op == Opcode.CREDIT]
            assert len(credits) >= 8
            assert c.in_flight == 0

    run(t, events_per_frame=2)


def test_subscribe_catch_up_live_cancel() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c, await connect("127.0.0.1", server.port) as w:
            await w.emit([NewEvent("Tick", b"%d" % i) for i in range(5)])
            async with c.subscribe(0, credit=2, yield_caught_up=True) as sub:
                seen = []
                async for item in sub:
                    if isinstance(item, CaughtUp):
                        assert item.head_offset == 5 and sub.caught_up
                        await w.emit([NewEvent("Tick", b"live")])
                        continue
                    seen.append(item.offset)
                    if item.offset == 6:
                        break
                end = await sub.cancel()
            assert seen == [1, 2, 3, 4, 5, 6]
            assert end is not None and end.reason == StreamEndReason.CANCELLED
            assert c.in_flight == 0

    run(t, events_per_frame=1)


def test_concurrent_first_use_opens_one_stream() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            await c.emit(NewEvent("Tick"))
            sub = c.subscribe(0)
            first = asyncio.ensure_future(sub.__anext__())
            head = await sub.wait_caught_up()
            assert head == 1 and (await first).offset == 1
            assert [op for op, _ in server.received].count(Opcode.SUBSCRIBE) == 1
            await sub.aclose()
            assert c.in_flight == 0

    run(t)


def test_pipelining_matches_out_of_order_answers() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            slow = asyncio.ensure_future(c.ping(nonce=1))
            await asyncio.sleep(0.01)
            server.ping_delay = 0
            fast = await asyncio.gather(*(c.consumer_get(f"c{i}") for i in range(50)))
            assert not slow.done()  # the fast answers overtook the slow PONG
            assert all(not r.known for r in fast)
            await slow
            emits = await asyncio.gather(*(c.emit(NewEvent("T", b"%d" % i)) for i in range(100)))
            assert sorted(o for r in emits for o in r.offsets) == list(range(1, 101))

    run(t, ping_delay=0.3)


def test_max_in_flight_is_respected_by_the_client() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            await asyncio.gather(*(c.ping() for _ in range(40)))
            assert server.max_concurrent <= 4

    run(t, max_in_flight=4, ping_delay=0.01)


def test_consumer_offsets() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            assert (await c.consumer_get("billing")).known is False
            with pytest.raises(DiscoError) as info:
                await c.consumer_reset("billing")
            assert info.value.code == ErrorCode.UNKNOWN_CONSUMER
            assert (await c.consumer_update("billing", 5, expected=0)).offset == 5
            with pytest.raises(DiscoError) as info:
                await c.consumer_update("billing", 9, expected=4)
            assert info.value.code == ErrorCode.CONSUMER_OFFSET_CONFLICT
            assert (info.value.details.actual, info.value.details.known) == (5, True)  # type: ignore[union-attr]
            reset = await c.consumer_reset("billing")
            assert (reset.offset, reset.known) == (0, True)

    run(t)


def test_cancelled_caller_keeps_the_id_until_the_answer() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(c.ping(), 0.05)
            assert c.in_flight == 1  # the PONG has not arrived: the id is still in use
            await asyncio.sleep(0.3)
            assert c.in_flight == 0

    run(t, ping_delay=0.2)


def test_connection_level_error_closes_and_fails_pending() -> None:
    async def t(server: FakeServer) -> None:
        c = await connect("127.0.0.1", server.port)
        pending = asyncio.ensure_future(c.ping())
        await asyncio.sleep(0.05)
        await c.send_raw_bytes(bytes.fromhex("0000000e0201000000010000000000000001"))  # flags = 1
        cause = await c.wait_closed()
        assert isinstance(cause, DiscoError) and cause.code == ErrorCode.MALFORMED_FRAME and cause.request_id == 0
        with pytest.raises(ConnectionClosed) as info:
            await pending
        assert isinstance(info.value.cause, DiscoError)
        await c.close()

    run(t, ping_delay=2)


def test_connection_loss_fails_pending_requests() -> None:
    async def t(server: FakeServer) -> None:
        c = await connect("127.0.0.1", server.port)
        pending = asyncio.ensure_future(c.ping())
        await asyncio.sleep(0.05)
        await server.__aexit__()
        c._writer.transport.abort()  # simulate the network dropping
        with pytest.raises(ConnectionClosed):
            await pending
        with pytest.raises(ConnectionClosed):
            await c.ping()
        await c.close()

    async def main() -> None:
        server = FakeServer(ping_delay=5)
        await server.__aenter__()
        await asyncio.wait_for(t(server), 10)

    asyncio.run(main())


def test_server_error_frame_for_malformed_request() -> None:
    async def t(server: FakeServer) -> None:
        async with await connect("127.0.0.1", server.port) as c:
            with pytest.raises(DiscoError) as info:  # a PING with one trailing byte
                await c.raw_request(Opcode.PING, bytes(9))
            assert info.value.code == ErrorCode.MALFORMED_FRAME and info.value.request_id is not None
            with pytest.raises(DiscoError) as info:
                await c.raw_request(0x7F, b"")
            assert info.value.code == ErrorCode.UNKNOWN_OPCODE and info.value.details.opcode == 0x7F  # type: ignore[union-attr]
            await c.ping()  # the connection stays open

    run(t)
