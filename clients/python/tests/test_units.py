"""Unit tests for the codec: wire primitives, the frame decoder under fragmentation, batches and
compression, UUIDv7."""

from __future__ import annotations

import random
import uuid
import zlib

import pytest

from disco_client import messages as m
from disco_client.batch import (
    CODEC_NONE,
    CODEC_ZLIB,
    NewEvent,
    StoredEvent,
    decode_batch_block,
    encode_batch_block,
    encode_stored_records,
)
from disco_client.errors import ErrorCode, ProtocolViolation, is_retriable, error_name
from disco_client.frames import Frame, FrameDecoder, encode_frame
from disco_client.ids import UUID7Generator, uuid7, uuid7_timestamp_ms
from disco_client.wire import Reader, Writer


# --- wire -------------------------------------------------------------------------------------------------


def test_integers_are_big_endian() -> None:
    w = Writer().u8(1).u16(0x0203).u32(0x04050607).u64(0x08090A0B0C0D0E0F).i64(-1)
    assert w.getvalue().hex() == "01" "0203" "04050607" "08090a0b0c0d0e0f" "ffffffffffffffff"
    r = Reader(w.getvalue())
    assert (r.u8(), r.u16(), r.u32(), r.u64(), r.i64()) == (1, 0x0203, 0x04050607, 0x08090A0B0C0D0E0F, -1)
    r.finish()


def test_string_lengths_are_bytes_not_characters() -> None:
    assert Writer().string("é€").getvalue() == b"\x00\x05" + "é€".encode()


@pytest.mark.parametrize(
    "raw",
    [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80"],
    ids=["ff", "overlong", "surrogate", "above-max", "truncated-seq", "lone-continuation"],
)
def test_invalid_utf8_is_refused(raw: bytes) -> None:
    with pytest.raises(ProtocolViolation) as info:
        Reader(len(raw).to_bytes(2, "big") + raw).string()
    assert info.value.code == ErrorCode.INVALID_UTF8


def test_lone_surrogate_cannot_be_sent() -> None:
    with pytest.raises(ValueError):
        Writer().string("\ud800")


def test_bool_must_be_0_or_1() -> None:
    assert Reader(b"\x00").bool() is False and Reader(b"\x01").bool() is True
    with pytest.raises(ProtocolViolation) as info:
        Reader(b"\x02").bool()
    assert (info.value.code, info.value.kind) == (ErrorCode.MALFORMED_FRAME, "invalid_bool")


def test_lengths_are_checked_before_use() -> None:
    with pytest.raises(ProtocolViolation) as info:
        Reader(b"\xff\xff\xff\xff").bytes()
    assert info.value.kind == "truncated"


def test_uuid_is_rfc_9562_byte_order() -> None:
    u = uuid.UUID("0190f5a8-7c1e-7b3a-9d4e-2f6a8b0c1d2e")
    assert Writer().uuid(u).getvalue().hex() == "0190f5a87c1e7b3a9d4e2f6a8b0c1d2e"
    assert Reader(u.bytes).uuid() == u


def test_out_of_range_values_are_refused_when_encoding() -> None:
    with pytest.raises(ValueError):
        Writer().u16(70000)
    with pytest.raises(ValueError):
        Writer().u64(-1)


# --- frames -----------------------------------------------------------------------------------------------


def _stream_of_frames() -> tuple[bytes, list[Frame]]:
    frames = [
        Frame(0x02, 1, (7).to_bytes(8, "big")),
        Frame(0x29, 2, b""),
        Frame(0xA0, 3, bytes(range(200)) * 3),
        Frame(0xFF, 0, b"\x00\x01\x00\x00\x00\x00\x00\x00"),
    ]
    return b"".join(encode_frame(f.opcode, f.request_id, f.body) for f in frames), frames


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 10, 11, 64, 1000])
def test_frame_decoder_handles_any_fragmentation(chunk: int) -> None:
    data, expected = _stream_of_frames()
    decoder = FrameDecoder()
    out: list[Frame] = []
    for i in range(0, len(data), chunk):
        decoder.feed(data[i : i + chunk])
        out.extend(decoder.frames())
    assert out == expected
    assert decoder.buffered == 0


def test_frame_decoder_random_splits() -> None:
    data, expected = _stream_of_frames()
    rng = random.Random(8)
    for _ in range(200):
        cuts = sorted(rng.sample(range(1, len(data)), rng.randint(1, 12)))
        decoder = FrameDecoder()
        out: list[Frame] = []
        for a, b in zip([0, *cuts], [*cuts, len(data)]):
            decoder.feed(data[a:b])
            out.extend(decoder.frames())
        assert out == expected


def test_oversize_frame_refused_from_header_alone() -> None:
    decoder = FrameDecoder(65536)
    header = (65547).to_bytes(4, "big") + b"\x10\x00" + (42).to_bytes(4, "big")
    decoder.feed(header[:9])
    assert decoder.next_frame() is None  # the header is not complete yet
    decoder.feed(header[9:])
    with pytest.raises(ProtocolViolation) as info:
        decoder.next_frame()
    assert info.value.code == ErrorCode.FRAME_TOO_LARGE
    assert info.value.request_id == 42
    assert info.value.details.limit == 65536  # type: ignore[union-attr]
    assert decoder.buffered == 0
    with pytest.raises(ProtocolViolation):  # the decoder stays failed: the framing is lost
        decoder.next_frame()


def test_short_length_detected_from_four_bytes() -> None:
    decoder = FrameDecoder()
    decoder.feed(b"\x00\x00\x00\x05")
    with pytest.raises(ProtocolViolation) as info:
        decoder.next_frame()
    assert (info.value.code, info.value.request_id) == (ErrorCode.MALFORMED_FRAME, 0)


def test_frame_of_exactly_the_limit_is_accepted() -> None:
    decoder = FrameDecoder(65536)
    decoder.feed(encode_frame(0xA0, 1, bytes(65536 - 10)))
    frame = decoder.next_frame()
    assert frame is not None and frame.size == 65536


# --- batches ----------------------------------------------------------------------------------------------


def _stored(n: int, payload_size: int = 100) -> list[StoredEvent]:
    return [
        StoredEvent(i + 1, uuid7(), i + 1, 1_764_201_600_000_000 + i, "OrderPlaced", "order-1",
                    (b'{"n":%d,' % i) + b"x" * payload_size + b"}", b"")
        for i in range(n)
    ]


def _decode_block(block: bytes, *, stored: bool = True, limit: int = 1 << 24, zlib_allowed: bool = True):
    return decode_batch_block(Reader(block), stored=stored, max_records_size=limit, zlib_allowed=zlib_allowed)


def test_batch_compresses_when_worth_it() -> None:
    events = _stored(20)
    records = encode_stored_records(events)
    block = encode_batch_block(records, len(events), CODEC_ZLIB)
    assert block[0] == CODEC_ZLIB and len(block) < len(records)
    batch = _decode_block(block)
    assert batch.events == events and batch.records_size == len(records) and batch.codec == CODEC_ZLIB


def test_small_batch_stays_uncompressed() -> None:
    events = _stored(1, payload_size=10)
    block = encode_batch_block(encode_stored_records(events), 1, CODEC_ZLIB)
    assert block[0] == CODEC_NONE
    assert _decode_block(block).events == events


def test_incompressible_batch_falls_back_to_codec_0() -> None:
    rng = random.Random(1)
    events = [StoredEvent(1, uuid7(), 0, 0, "Noise", "", rng.randbytes(4000), b"")]
    block = encode_batch_block(encode_stored_records(events), 1, CODEC_ZLIB)
    assert block[0] == CODEC_NONE


def test_compressed_and_uncompressed_decode_the_same() -> None:
    events = _stored(50)
    records = encode_stored_records(events)
    a = _decode_block(encode_batch_block(records, 50, CODEC_NONE))
    b = _decode_block(encode_batch_block(records, 50, CODEC_ZLIB))
    assert a.events == b.events == events


def test_zlib_refused_when_not_negotiated() -> None:
    records = encode_stored_records(_stored(20))
    with pytest.raises(ProtocolViolation) as info:
        _decode_block(encode_batch_block(records, 20, CODEC_ZLIB), zlib_allowed=False)
    assert info.value.code == ErrorCode.UNSUPPORTED_CODEC
    assert info.value.details.codec == 1  # type: ignore[union-attr]


def test_bomb_guard_checks_records_size_before_inflating() -> None:
    bomb = zlib.compress(b"\x00" * (8 << 20), 9)
    header = bytes([1]) + (1).to_bytes(4, "big") + (1 << 20).to_bytes(4, "big")
    with pytest.raises(ProtocolViolation) as info:
        _decode_block(header + bomb, limit=65536)
    assert (info.value.code, info.value.kind) == (ErrorCode.DECOMPRESSION_FAILED, "records_size_over_limit")


def test_bomb_guard_never_inflates_past_records_size() -> None:
    bomb = zlib.compress(b"\x00" * (64 << 20), 9)  # 64 MiB of zeros in ~64 KiB
    header = bytes([1]) + (1).to_bytes(4, "big") + (1000).to_bytes(4, "big")
    with pytest.raises(ProtocolViolation) as info:
        _decode_block(header + bomb, limit=1 << 24)
    assert (info.value.code, info.value.kind) == (ErrorCode.DECOMPRESSION_FAILED, "inflated_size_mismatch")


def test_new_event_gets_uuid7_ids() -> None:
    a, b = NewEvent("T"), NewEvent("T")
    assert a.id.version == 7 and a.id != b.id


# --- messages ---------------------------------------------------------------------------------------------


def test_every_message_round_trips() -> None:
    events = _stored(3)
    samples: list[m.Message] = [
        m.Hello(1, 2, "svc", "tok", [1, 0], 65536),
        m.Ping(2**64 - 1),
        m.Emit([m.Expectation.no_events("a"), m.Expectation.at_version("b", 3)],
               [NewEvent("T", b"p", "a"), NewEvent("U", b"", "b", b"m")]),
        m.ReadAggregate("a", 2, 10, 4),
        m.ReadTypes(5, 0, ["T", "U"], 1),
        m.ReadAfter(0, 100, [], 16),
        m.Subscribe(7, ["T"], 2),
        m.Credit(4),
        m.Cancel(),
        m.ConsumerGet("c"),
        m.ConsumerUpdate("c", 9, True, 8),
        m.ConsumerReset("c"),
    ]
    for msg in samples:
        frame = FrameDecoder()
        frame.feed(msg.encode(3))
        assert m.decode_client_message(frame.frames()[0]) == msg
    server: list[m.Message] = [
        m.HelloOk(1, "disco", 1, 1 << 24, 128, 10000),
        m.Pong(5),
        m.Emitted(False, [m.EmittedEvent(1, 1, -5)]),
        m.Events(events),
        m.CaughtUp(3),
        m.StreamEnd(m.StreamEndReason.CANCELLED, 3, 3),
        m.ConsumerOffset(0, False),
        m.Error(999, "future", b"\x01"),
    ]
    for msg in server:
        frame = FrameDecoder()
        frame.feed(msg.encode(3))
        assert m.decode_server_message(frame.frames()[0]) == msg


def test_error_details_with_an_undefined_kind_are_malformed() -> None:
    details = Writer().string("a").u8(3).u64(0).u64(1).getvalue()
    with pytest.raises(ProtocolViolation) as info:
        m.decode_error_details(ErrorCode.VERSION_CONFLICT, details)
    assert info.value.kind == "invalid_enum_value"


def test_error_table() -> None:
    assert error_name(20) == "VERSION_CONFLICT" and error_name(999) is None
    assert is_retriable(ErrorCode.TOO_MANY_IN_FLIGHT) and not is_retriable(ErrorCode.VERSION_CONFLICT)
    assert not is_retriable(999)


# --- UUIDv7 -----------------------------------------------------------------------------------------------


def test_uuid7_layout() -> None:
    u = UUID7Generator(lambda: 0x0190F5A87C1E)()
    assert u.version == 7
    assert u.variant == uuid.RFC_4122
    assert str(u).startswith("0190f5a8-7c1e-7")
    assert uuid7_timestamp_ms(u) == 0x0190F5A87C1E


def test_uuid7_is_monotonic_within_a_millisecond() -> None:
    gen = UUID7Generator(lambda: 1_800_000_000_000)
    ids = [gen() for _ in range(10_000)]  # overflows the 12-bit counter
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)


def test_uuid7_never_goes_backwards_when_the_clock_does() -> None:
    now = [2_000]
    gen = UUID7Generator(lambda: now[0])
    a = gen()
    now[0] = 1_000
    b = gen()
    assert b > a and uuid7_timestamp_ms(b) == 2_000


def test_uuid7_tracks_the_clock() -> None:
    import time

    before = time.time_ns() // 1_000_000
    u = uuid7()
    assert before <= uuid7_timestamp_ms(u) <= before + 10_000
