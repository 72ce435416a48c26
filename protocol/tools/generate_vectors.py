#!/usr/bin/env python3
"""Generates protocol/vectors/valid.json and invalid.json, and refreshes the annotated hex dumps in
protocol/messages.md (between `<!-- dump:NAME -->` and `<!-- /dump -->` markers).

Run from anywhere: python3 protocol/tools/generate_vectors.py
"""
import json
import pathlib
import re
import zlib

from wire import ERROR_CODES, Body, annotate, batch, batch_json, frame, new_record, stored_record

ROOT = pathlib.Path(__file__).resolve().parent.parent
C2S, S2C = "client_to_server", "server_to_client"
T0 = 1764201600000000  # 2025-11-27T00:00:00Z in microseconds
ID1 = "0190f5a8-7c1e-7b3a-9d4e-2f6a8b0c1d2e"
ID2 = "0190f5a8-7c1f-7c01-8a11-53d2e4f60718"
ID3 = "0190f5a8-7c20-7d42-b6e0-0c9a1b2c3d4f"


def order_events(n):
    """n stored events of an order aggregate, with realistic ~200-byte JSON payloads."""
    events = []
    for i in range(n):
        payload = (
            '{"order_id":"ord-20251127-000%d","customer":"cus-4711","lines":[{"sku":"SKU-%04d","qty":%d,'
            '"unit_price":"19.90"},{"sku":"SKU-%04d","qty":1,"unit_price":"4.50"}],"currency":"EUR",'
            '"channel":"web"}' % (i, 1000 + i, i + 1, 2000 + i)
        ).encode()
        events.append({
            "offset": 41 + i, "id": "0190f5a8-7c1e-7b3a-9d4e-2f6a8b0c1d%02x" % i, "aggregate_version": i + 1,
            "emitted_at": T0 + i * 1500, "type": "OrderLineAdded", "aggregate_id": "order-20251127-0001",
            "payload": payload, "meta": b'{"trace":"4bf92f3577b34da6"}',
        })
    return events


SMALL_STORED = [
    {"offset": 41, "id": ID1, "aggregate_version": 1, "emitted_at": T0, "type": "OrderPlaced",
     "aggregate_id": "order-1", "payload": b'{"total":"42.00"}', "meta": b""},
    {"offset": 42, "id": ID2, "aggregate_version": 0, "emitted_at": T0 + 250, "type": "Tick",
     "aggregate_id": "", "payload": b"", "meta": b'{"src":"cron"}'},
]
NEW_EVENTS = [
    {"id": ID1, "type": "OrderPlaced", "aggregate_id": "order-1", "payload": b'{"total":"42.00"}', "meta": b""},
    {"id": ID2, "type": "OrderPaid", "aggregate_id": "order-1", "payload": b'{"via":"card"}', "meta": b""},
]


def valid_vectors():
    v = []

    def add(name, direction, opcode, request_id, body, fields):
        segs = frame(opcode, request_id, body)
        v.append({"name": name, "direction": direction, "opcode": opcode, "request_id": request_id,
                  "hex": segs.data().hex(), "fields": fields, "_segments": segs.segments})

    b = Body().u16("min_version", 1).u16("max_version", 1).string("client_name", "orders-svc")
    b.string("auth_token", "s3cret").u8("codec_count", 2).u8("codec[0]", 1).u8("codec[1]", 0)
    b.u32("max_frame_size", 16777216)
    add("hello", C2S, "HELLO", 1, b, {"min_version": 1, "max_version": 1, "client_name": "orders-svc",
                                       "auth_token": "s3cret", "codecs": [1, 0], "max_frame_size": 16777216})
    b = Body().u16("min_version", 1).u16("max_version", 3).string("client_name", "").string("auth_token", "")
    b.u8("codec_count", 2).u8("codec[0]", 9).u8("codec[1]", 1).u32("max_frame_size", 65536)
    add("hello_unknown_codec_and_newer_max_version", C2S, "HELLO", 7, b,
        {"min_version": 1, "max_version": 3, "client_name": "", "auth_token": "", "codecs": [9, 1],
         "max_frame_size": 65536})
    add("ping", C2S, "PING", 2, Body().u64("nonce", 0x0102030405060708), {"nonce": str(0x0102030405060708)})

    b = Body().u16("expectation_count", 1).string("aggregate_id", "order-1").u8("kind", 1).u64("version", 0)
    b.extend(batch(NEW_EVENTS, new_record))
    add("emit_with_expectation", C2S, "EMIT", 3, b, {
        "expectations": [{"aggregate_id": "order-1", "kind": 1, "version": "0"}],
        "batch": batch_json(NEW_EVENTS, False, 0)})
    one = [{"id": ID3, "type": "OrderShipped", "aggregate_id": "order-1", "payload": b"\x00\x01", "meta": b""},
           {"id": ID2, "type": "OrderPlaced", "aggregate_id": "order-2", "payload": b"{}", "meta": b"\x01"}]
    b = Body().u16("expectation_count", 2)
    b.string("aggregate_id", "order-1").u8("kind", 2).u64("version", 7)
    b.string("aggregate_id", "order-2").u8("kind", 1).u64("version", 0)
    b.extend(batch(one, new_record))
    add("emit_two_expectations", C2S, "EMIT", 4, b, {
        "expectations": [{"aggregate_id": "order-1", "kind": 2, "version": "7"},
                         {"aggregate_id": "order-2", "kind": 1, "version": "0"}],
        "batch": batch_json(one, False, 0)})

    b = Body().string("aggregate_id", "order-1").u64("from_version", 1).u32("limit", 100).u32("credit", 8)
    add("read_aggregate", C2S, "READ_AGGREGATE", 5, b,
        {"aggregate_id": "order-1", "from_version": "1", "limit": 100, "credit": 8})
    b = Body().u64("after_offset", 40).u32("limit", 0).u16("type_count", 2)
    b.string("type[0]", "OrderPlaced").string("type[1]", "OrderPaid").u32("credit", 4)
    add("read_types", C2S, "READ_TYPES", 6, b,
        {"after_offset": "40", "limit": 0, "types": ["OrderPlaced", "OrderPaid"], "credit": 4})
    b = Body().u64("after_offset", 0).u32("limit", 1000).u16("type_count", 0).u32("credit", 16)
    add("read_after", C2S, "READ_AFTER", 8, b, {"after_offset": "0", "limit": 1000, "types": [], "credit": 16})
    b = Body().u64("after_offset", 42).u16("type_count", 1).string("type[0]", "Tick").u32("credit", 2)
    add("subscribe", C2S, "SUBSCRIBE", 9, b, {"after_offset": "42", "types": ["Tick"], "credit": 2})
    add("credit", C2S, "CREDIT", 9, Body().u32("additional", 4), {"additional": 4})
    add("cancel", C2S, "CANCEL", 9, Body(), {})
    add("consumer_get", C2S, "CONSUMER_GET", 10, Body().string("consumer", "billing"), {"consumer": "billing"})
    b = Body().string("consumer", "billing").u64("offset", 42).boolean("has_expected", True).u64("expected", 40)
    add("consumer_update_expected", C2S, "CONSUMER_UPDATE", 11, b,
        {"consumer": "billing", "offset": "42", "has_expected": True, "expected": "40"})
    b = Body().string("consumer", "billing").u64("offset", 42).boolean("has_expected", False).u64("expected", 0)
    add("consumer_update_unconditional", C2S, "CONSUMER_UPDATE", 12, b,
        {"consumer": "billing", "offset": "42", "has_expected": False, "expected": "0"})
    add("consumer_reset", C2S, "CONSUMER_RESET", 13, Body().string("consumer", "billing"), {"consumer": "billing"})

    b = Body().u16("version", 1).string("server_name", "disco/0.1").u8("codec", 1)
    b.u32("max_frame_size", 16777216).u32("max_in_flight", 128).u32("max_batch_events", 10000)
    add("hello_ok", S2C, "HELLO_OK", 1, b, {"version": 1, "server_name": "disco/0.1", "codec": 1,
                                             "max_frame_size": 16777216, "max_in_flight": 128,
                                             "max_batch_events": 10000})
    add("pong", S2C, "PONG", 2, Body().u64("nonce", 0x0102030405060708), {"nonce": str(0x0102030405060708)})
    b = Body().boolean("replayed", False).u32("count", 2)
    b.u64("[0] offset", 43).u64("[0] aggregate_version", 1).i64("[0] emitted_at", T0)
    b.u64("[1] offset", 44).u64("[1] aggregate_version", 2).i64("[1] emitted_at", T0)
    add("emitted", S2C, "EMITTED", 3, b, {"replayed": False, "events": [
        {"offset": "43", "aggregate_version": "1", "emitted_at": str(T0)},
        {"offset": "44", "aggregate_version": "2", "emitted_at": str(T0)}]})
    b = Body().boolean("replayed", True).u32("count", 1).u64("[0] offset", 7).u64("[0] aggregate_version", 0)
    b.i64("[0] emitted_at", -1)
    add("emitted_replayed", S2C, "EMITTED", 4, b, {"replayed": True, "events": [
        {"offset": "7", "aggregate_version": "0", "emitted_at": "-1"}]})
    add("events_uncompressed", S2C, "EVENTS", 6, batch(SMALL_STORED, stored_record),
        {"batch": batch_json(SMALL_STORED, True, 0)})
    big = order_events(8)
    add("events_zlib", S2C, "EVENTS", 6, batch(big, stored_record, codec=1),
        {"batch": batch_json(big, True, 1)})
    add("events_empty", S2C, "EVENTS", 6, batch([], stored_record), {"batch": batch_json([], True, 0)})
    add("caught_up", S2C, "CAUGHT_UP", 9, Body().u64("head_offset", 42), {"head_offset": "42"})
    b = Body().u8("reason", 1).u64("event_count", 100).u64("last_position", 140)
    add("stream_end_limit", S2C, "STREAM_END", 8, b, {"reason": 1, "event_count": "100", "last_position": "140"})
    b = Body().u8("reason", 2).u64("event_count", 0).u64("last_position", 42)
    add("stream_end_cancelled", S2C, "STREAM_END", 9, b, {"reason": 2, "event_count": "0", "last_position": "42"})
    b = Body().u64("offset", 42).boolean("known", True)
    add("consumer_offset", S2C, "CONSUMER_OFFSET", 10, b, {"offset": "42", "known": True})
    b = Body().u64("offset", 0).boolean("known", False)
    add("consumer_offset_unknown", S2C, "CONSUMER_OFFSET", 11, b, {"offset": "0", "known": False})

    def error(name, request_id, code_name, message, details_body, details_json, code=None):
        code = ERROR_CODES[code_name] if code is None else code
        b = Body().u16(f"code ({code_name})", code).string("message", message)
        b.bytes_("details", details_body.data())
        if details_body.segments:
            b.segments.pop()
            b.extend(details_body, prefix="details: ")
        known = code_name if code_name in ERROR_CODES else None
        add(name, S2C, "ERROR", request_id, b, {"code": code, "code_name": known, "message": message,
                                                "details_hex": details_body.data().hex(),
                                                "details": details_json})

    d = Body().string("aggregate_id", "order-1").u8("kind", 2).u64("expected", 7).u64("actual", 9)
    error("error_version_conflict", 3, "VERSION_CONFLICT", "order-1 is at version 9, expected 7", d,
          {"aggregate_id": "order-1", "kind": 2, "expected": "7", "actual": "9"})
    error("error_frame_too_large", 77, "FRAME_TOO_LARGE", "frame over 65536 bytes", Body().u32("limit", 65536),
          {"limit": 65536})
    error("error_unsupported_version", 1, "UNSUPPORTED_VERSION", "no common version",
          Body().u16("server_min", 1).u16("server_max", 1), {"server_min": 1, "server_max": 1})
    error("error_event_id_conflict", 3, "EVENT_ID_CONFLICT", "event id stored with other content",
          Body().uuid("id", ID2), {"id": ID2})
    error("error_consumer_offset_conflict", 11, "CONSUMER_OFFSET_CONFLICT", "offset is 41",
          Body().u64("actual", 41).boolean("known", True), {"actual": "41", "known": True})
    error("error_malformed_connection_level", 0, "MALFORMED_FRAME", "frame flags are 0x1, not 0", Body(), None)
    error("error_unknown_code_raw_details", 5, "UNKNOWN", "from the future", Body().raw("opaque", b"\xab\xcd"),
          None, code=999)
    return v


def build_invalid():
    s = []

    def add(name, direction, data, code, kind, description, outcome="error", **extra):
        s.append({"name": name, "direction": direction, "hex": data.hex(), "description": description,
                  "outcome": outcome, "error": None if outcome == "incomplete" else {"code": code, "kind": kind},
                  **extra})

    def fr(opcode_name, body, request_id=1, **kw):
        return frame(opcode_name, request_id, body, **kw).data()

    ping = fr("PING", Body().u64("nonce", 1))
    add("header_incomplete", C2S, ping[:7], None, None,
        "7 bytes: not even a whole header. The decoder waits for more; at end of stream the bytes are dropped.",
        outcome="incomplete")
    add("body_incomplete", C2S, ping[:14], None, None,
        "A PING whose length says 14 but only 4 body bytes have arrived: the decoder waits for more.",
        outcome="incomplete")
    add("length_zero", C2S, bytes(4), "MALFORMED_FRAME", "frame_length_too_small",
        "length 0 (< 6). Detected from the 4 length bytes alone; request_id of the ERROR is 0; connection closes.")
    add("length_five", C2S, bytes.fromhex("0000000502000000000000"), "MALFORMED_FRAME", "frame_length_too_small",
        "length 5 (< 6): the frame cannot hold opcode, flags and request id.")
    add("flags_nonzero", C2S, fr("PING", Body().u64("nonce", 1), flags=1), "MALFORMED_FRAME", "nonzero_flags",
        "flags = 1; v1 defines no flags. ERROR with request_id 0, connection closes.")
    add("length_over_limit", C2S, bytes.fromhex("0001000b10000000002a"), "FRAME_TOO_LARGE", "frame_too_large",
        "Only the 10-byte header of an EMIT: length 65547, so the frame is 65551 bytes > max_frame_size 65536. "
        "Rejected before any body byte arrives; the ERROR echoes request_id 42 and carries details u32 65536.",
        max_frame_size=65536, request_id=42)
    add("length_max_u32", C2S, bytes.fromhex("ffffffff1000000000 07".replace(" ", "")), "FRAME_TOO_LARGE",
        "frame_too_large", "length 0xffffffff: rejected from the header alone.", max_frame_size=65536)
    add("unknown_opcode", C2S, fr("PING", Body(), opcode=0x7F), "UNKNOWN_OPCODE", "unknown_opcode",
        "Opcode 0x7f is not defined. ERROR for request 1 (details u8 0x7f); the connection stays open.")
    add("server_opcode_sent_to_server", C2S, fr("PONG", Body().u64("nonce", 1)), "UNKNOWN_OPCODE",
        "unknown_opcode", "PONG (0x82) is a server-to-client opcode; a server does not accept it.")
    add("client_opcode_sent_to_client", S2C, fr("PING", Body().u64("nonce", 1)), "UNKNOWN_OPCODE",
        "unknown_opcode", "PING (0x02) is a client-to-server opcode; a client does not accept it.")
    add("ping_body_truncated", C2S, fr("PING", Body().u32("half a nonce", 1)), "MALFORMED_FRAME", "truncated",
        "PING with a 4-byte body: nonce needs 8.")
    add("ping_trailing_bytes", C2S, fr("PING", Body().u64("nonce", 1).u8("extra", 0)), "MALFORMED_FRAME",
        "trailing_bytes", "PING with 9 body bytes: one left after the nonce.")
    add("cancel_with_body", C2S, fr("CANCEL", Body().u8("extra", 0)), "MALFORMED_FRAME", "trailing_bytes",
        "CANCEL has an empty body.")
    add("string_length_past_end", C2S, fr("CONSUMER_GET", Body().u16("consumer length", 10).raw("x", b"abc")),
        "MALFORMED_FRAME", "truncated", "consumer length 10 but only 3 bytes follow.")
    hello = Body().u16("min", 1).u16("max", 1).string("client_name", b"bad\xff").string("auth_token", "")
    hello.u8("codec_count", 0).u32("max_frame_size", 65536)
    add("hello_client_name_invalid_utf8", C2S, fr("HELLO", hello), "INVALID_UTF8", "invalid_utf8",
        "client_name contains 0xff.")
    rt = Body().u64("after", 0).u32("limit", 0).u16("type_count", 1).string("type", b"\xc0\xafx").u32("credit", 1)
    add("read_types_type_overlong_utf8", C2S, fr("READ_TYPES", rt), "INVALID_UTF8", "invalid_utf8",
        "Type filter starts with the overlong encoding C0 AF.")
    ra = Body().string("aggregate_id", b"order-\xe2\x82").u64("from", 1).u32("limit", 0).u32("credit", 1)
    add("read_aggregate_id_truncated_utf8", C2S, fr("READ_AGGREGATE", ra), "INVALID_UTF8", "invalid_utf8",
        "aggregate_id ends inside a 3-byte sequence.")
    add("consumer_get_invalid_utf8", C2S, fr("CONSUMER_GET", Body().string("consumer", b"\x80billing")),
        "INVALID_UTF8", "invalid_utf8", "consumer starts with a lone continuation byte.")
    sur = [{"id": ID1, "type": b"\xed\xa0\x80", "aggregate_id": "", "payload": b"", "meta": b""}]
    add("emit_record_type_surrogate", C2S,
        fr("EMIT", Body().u16("expectation_count", 0).extend(batch(sur, new_record))), "INVALID_UTF8",
        "invalid_utf8", "An EMIT record's type is ED A0 80, an encoded UTF-16 surrogate.")
    agg = [{"id": ID1, "type": "T", "aggregate_id": b"\xf4\x90\x80\x80", "payload": b"", "meta": b""}]
    add("emit_record_aggregate_above_max_code_point", C2S,
        fr("EMIT", Body().u16("expectation_count", 0).extend(batch(agg, new_record))), "INVALID_UTF8",
        "invalid_utf8", "An EMIT record's aggregate_id encodes U+110000.")
    cu = Body().string("consumer", "billing").u64("offset", 1).u8("has_expected", 2).u64("expected", 0)
    add("consumer_update_bool_2", C2S, fr("CONSUMER_UPDATE", cu), "MALFORMED_FRAME", "invalid_bool",
        "has_expected = 2.")
    add("consumer_offset_bool_2", S2C, fr("CONSUMER_OFFSET", Body().u64("offset", 1).u8("known", 2)),
        "MALFORMED_FRAME", "invalid_bool", "known = 2 (decoded by a client).")
    cu = Body().string("consumer", "billing").u64("offset", 1).boolean("has_expected", False).u64("expected", 5)
    add("consumer_update_expected_without_flag", C2S, fr("CONSUMER_UPDATE", cu), "MALFORMED_FRAME",
        "nonzero_unused_field", "has_expected = 0 but expected = 5 (must be 0).")
    em = Body().u16("expectation_count", 1).string("aggregate_id", "order-1").u8("kind", 3).u64("version", 0)
    em.extend(batch(NEW_EVENTS[:1], new_record))
    add("emit_expectation_kind_3", C2S, fr("EMIT", em), "MALFORMED_FRAME", "invalid_enum_value",
        "Expectation kind 3 is not defined.")
    em = Body().u16("expectation_count", 1).string("aggregate_id", "order-1").u8("kind", 1).u64("version", 7)
    em.extend(batch(NEW_EVENTS[:1], new_record))
    add("emit_expectation_no_events_with_version", C2S, fr("EMIT", em), "MALFORMED_FRAME",
        "nonzero_unused_field", "Expectation kind 1 (no events yet) with version 7 (must be 0).")
    add("stream_end_reason_3", S2C, fr("STREAM_END", Body().u8("reason", 3).u64("n", 0).u64("last", 0)),
        "MALFORMED_FRAME", "invalid_enum_value", "STREAM_END reason 3 is not defined.")

    def emit(block):
        return fr("EMIT", Body().u16("expectation_count", 0).extend(block))

    def events(block):
        return fr("EVENTS", block)

    raw = b"".join(new_record(r).data() for r in NEW_EVENTS)
    add("batch_raw_records_size_too_big", C2S, emit(batch(NEW_EVENTS, new_record, records_size=len(raw) + 1)),
        "MALFORMED_FRAME", "records_size_mismatch", "codec 0, records_size one more than the bytes that follow.")
    add("batch_raw_records_size_too_small", C2S,
        emit(batch(NEW_EVENTS, new_record, records_size=len(raw) - 1)), "MALFORMED_FRAME",
        "records_size_mismatch", "codec 0, records_size one less than the bytes that follow.")
    add("batch_unknown_codec", C2S, emit(batch(NEW_EVENTS, new_record, codec=2, block=raw)), "UNSUPPORTED_CODEC",
        "unknown_codec", "Batch codec 2 is not defined (details u8 2).")
    add("batch_header_truncated", C2S, fr("EMIT", Body().u16("expectation_count", 0).u8("codec", 0)),
        "MALFORMED_FRAME", "truncated", "The body ends after the batch codec byte.")
    add("batch_zlib_records_size_over_limit", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, records_size=1048576,
                     block=zlib.compress(b"\x00" * 16))),
        "DECOMPRESSION_FAILED", "records_size_over_limit",
        "records_size 1 MiB > the receiver's max_frame_size (64 KiB): refused before inflating.",
        max_frame_size=65536)
    raw_stored = b"".join(stored_record(r).data() for r in SMALL_STORED)
    add("batch_zlib_inflates_short", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, records_size=len(raw_stored) + 10,
                     block=zlib.compress(raw_stored))),
        "DECOMPRESSION_FAILED", "inflated_size_mismatch", "Inflates to 10 bytes less than records_size.")
    add("batch_zlib_inflates_long", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, records_size=len(raw_stored) - 10,
                     block=zlib.compress(raw_stored))),
        "DECOMPRESSION_FAILED", "inflated_size_mismatch", "Inflates to 10 bytes more than records_size.")
    add("batch_zlib_bomb", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, records_size=1000,
                     block=zlib.compress(b"\x00" * (8 << 20), 9))),
        "DECOMPRESSION_FAILED", "inflated_size_mismatch",
        "A small block that would inflate to 8 MiB with records_size 1000: the receiver stops after "
        "records_size + 1 bytes.", max_frame_size=65536)
    add("batch_zlib_corrupt", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, block=b"\x78\x9c\xde\xad\xbe\xef\x00\x11\x22")),
        "DECOMPRESSION_FAILED", "corrupt_compressed_data", "Not a valid deflate stream.")
    add("batch_zlib_not_zlib_header", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, block=raw_stored)),
        "DECOMPRESSION_FAILED", "corrupt_compressed_data", "The records sent raw but labelled codec 1.")
    add("batch_zlib_missing_checksum", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, block=zlib.compress(raw_stored)[:-4])),
        "DECOMPRESSION_FAILED", "corrupt_compressed_data",
        "The zlib stream lacks its 4-byte Adler-32 trailer: the stream is incomplete.")
    add("batch_zlib_trailing_data", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, block=zlib.compress(raw_stored) + b"\x00")),
        "DECOMPRESSION_FAILED", "corrupt_compressed_data", "One byte after the end of the zlib stream.")
    add("batch_zlib_empty_block", S2C,
        events(batch(SMALL_STORED, stored_record, codec=1, records_size=0, event_count=0, block=b"")),
        "DECOMPRESSION_FAILED", "corrupt_compressed_data", "Codec 1 with no compressed bytes at all.")
    add("batch_event_count_too_high", S2C, events(batch(SMALL_STORED, stored_record, event_count=3)),
        "MALFORMED_FRAME", "truncated", "event_count 3 but the records hold 2: the third record is cut short.")
    add("batch_event_count_too_low", S2C, events(batch(SMALL_STORED, stored_record, event_count=1)),
        "MALFORMED_FRAME", "event_count_mismatch", "event_count 1 but the records hold 2.")
    add("batch_zlib_event_count_too_low", S2C, events(batch(order_events(3), stored_record, codec=1,
                                                            event_count=2)),
        "MALFORMED_FRAME", "event_count_mismatch", "Same as above inside a zlib block.")
    bad = Body().u64("offset", 1).uuid("id", ID1).u64("v", 0).i64("t", 0).string("type", "T")
    bad.string("aggregate_id", "").u32("payload length", 100).raw("payload", b"short")
    add("batch_record_payload_past_end", S2C,
        events(Body().u8("codec", 0).u32("event_count", 1).u32("records_size", len(bad.data())).extend(bad)),
        "MALFORMED_FRAME", "truncated", "A record's payload length (100) runs past the end of the records.")
    add("emitted_count_huge", S2C, fr("EMITTED", Body().boolean("replayed", False).u32("count", 0xFFFFFFFF)),
        "MALFORMED_FRAME", "truncated", "count 4294967295 with no entries: must fail without allocating.")
    add("read_types_count_huge", C2S, fr("READ_TYPES", Body().u64("a", 0).u32("l", 0).u16("type_count", 65535)),
        "MALFORMED_FRAME", "truncated", "type_count 65535 with no strings.")
    add("hello_codecs_past_end", C2S,
        fr("HELLO", Body().u16("min", 1).u16("max", 1).string("n", "").string("t", "").u8("codec_count", 5)
           .u8("codec", 1)), "MALFORMED_FRAME", "truncated", "codec_count 5 but one codec byte follows.")
    hok = Body().u16("version", 1).string("server_name", "").u8("codec", 7).u32("a", 65536).u32("b", 1)
    hok.u32("c", 1)
    add("hello_ok_unknown_codec", S2C, fr("HELLO_OK", hok), "UNSUPPORTED_CODEC", "unknown_codec",
        "The server announces codec 7, which is not defined.")
    det = Body().string("aggregate_id", "order-1").u8("kind", 2)
    err = Body().u16("code", 20).string("message", "").bytes_("details", det.data())
    add("error_version_conflict_details_truncated", S2C, fr("ERROR", err), "MALFORMED_FRAME", "truncated",
        "VERSION_CONFLICT details stop after the kind byte.")
    err = Body().u16("code", 2).string("message", "").bytes_("details", b"\x00\x01\x00\x00\x00")
    add("error_frame_too_large_details_trailing", S2C, fr("ERROR", err), "MALFORMED_FRAME", "trailing_bytes",
        "FRAME_TOO_LARGE details are a u32; 5 bytes were sent.")
    err = Body().u16("code", 1).string("message", "").u32("details length", 9)
    add("error_details_length_past_end", S2C, fr("ERROR", err), "MALFORMED_FRAME", "truncated",
        "details length 9 with no bytes after it.")
    return s


def build_semantic():
    s = []

    def add(name, data, description, **extra):
        s.append({"name": name, "direction": C2S, "hex": data.hex(), "description": description,
                  "outcome": "error", "error": {"code": "INVALID_ARGUMENT", "kind": "invalid_argument"}, **extra})

    def fr(opcode, body):
        return frame(opcode, 1, body).data()

    def emit_of(records, expectations=()):
        b = Body().u16("expectation_count", len(expectations))
        for agg, kind, version in expectations:
            b.string("aggregate_id", agg).u8("kind", kind).u64("version", version)
        return fr("EMIT", b.extend(batch(records, new_record)))

    def ev(type_="T", agg=""):
        return {"id": ID1, "type": type_, "aggregate_id": agg, "payload": b"", "meta": b""}

    add("emit_zero_events", emit_of([]), "An EMIT must carry at least one event.")
    add("emit_over_max_batch_events", emit_of([ev(), ev(), ev()]), "3 events with max_batch_events 2.",
        max_batch_events=2)
    add("emit_type_empty", emit_of([ev(type_="")]), "Event type must be 1...255 bytes.")
    add("emit_type_too_long", emit_of([ev(type_="t" * 256)]), "Event type of 256 bytes.")
    add("emit_aggregate_id_too_long", emit_of([ev(agg="a" * 256)]), "aggregate_id of 256 bytes.")
    add("emit_expectation_aggregate_empty", emit_of([ev()], [("", 1, 0)]), "An expectation names no aggregate.")
    add("emit_expectations_duplicate", emit_of([ev(), ev()], [("order-1", 1, 0), ("order-1", 2, 3)]),
        "Two expectations for the same aggregate.")
    add("emit_more_expectations_than_events", emit_of([ev()], [("a", 1, 0), ("b", 1, 0)]),
        "2 expectations for 1 event.")
    add("credit_zero", fr("CREDIT", Body().u32("additional", 0)), "CREDIT must add at least 1.")
    add("read_types_no_types", fr("READ_TYPES", Body().u64("a", 0).u32("l", 0).u16("type_count", 0).u32("c", 1)),
        "READ_TYPES needs at least one type.")
    rt = Body().u64("a", 0).u32("l", 0).u16("type_count", 65)
    for i in range(65):
        rt.string("t", f"T{i}")
    add("read_types_65_types", fr("READ_TYPES", rt.u32("c", 1)), "At most 64 type filters.")
    add("read_after_empty_type_filter",
        fr("READ_AFTER", Body().u64("a", 0).u32("l", 0).u16("type_count", 1).string("t", "").u32("c", 1)),
        "A type filter must be 1...255 bytes.")
    add("subscribe_type_filter_too_long",
        fr("SUBSCRIBE", Body().u64("a", 0).u16("type_count", 1).string("t", "x" * 256).u32("c", 1)),
        "A type filter must be 1...255 bytes.")
    add("read_aggregate_empty_id",
        fr("READ_AGGREGATE", Body().string("aggregate_id", "").u64("f", 1).u32("l", 0).u32("c", 1)),
        "READ_AGGREGATE needs an aggregate id.")
    add("read_aggregate_from_version_zero",
        fr("READ_AGGREGATE", Body().string("aggregate_id", "order-1").u64("f", 0).u32("l", 0).u32("c", 1)),
        "Versions start at 1.")
    add("consumer_get_empty_name", fr("CONSUMER_GET", Body().string("consumer", "")), "Consumer names are 1...255.")
    add("consumer_reset_name_too_long", fr("CONSUMER_RESET", Body().string("consumer", "c" * 256)),
        "Consumer names are 1...255 bytes.")
    add("consumer_update_empty_name",
        fr("CONSUMER_UPDATE", Body().string("consumer", "").u64("o", 1).boolean("h", False).u64("e", 0)),
        "Consumer names are 1...255 bytes.")
    hello = Body().u16("min", 1).u16("max", 1).string("client_name", "").string("auth_token", "")
    add("hello_max_frame_size_too_small", fr("HELLO", hello.u8("codec_count", 0).u32("max_frame_size", 1024)),
        "max_frame_size must be at least 65536.")
    hello = Body().u16("min", 1).u16("max", 1).string("client_name", "n" * 256).string("auth_token", "")
    add("hello_client_name_too_long", fr("HELLO", hello.u8("codec_count", 0).u32("max_frame_size", 65536)),
        "client_name is at most 255 bytes.")
    return s


def refresh_dumps(vectors):
    path = ROOT / "messages.md"
    text = path.read_text()
    by_name = {v["name"]: v for v in vectors}

    def render(match):
        v = by_name[match.group(1)]
        lines = annotate(v["_segments"])
        return f"<!-- dump:{v['name']} -->\n```\n" + "\n".join(lines) + "\n```\n<!-- /dump -->"

    text = re.sub(r"<!-- dump:(\w+) -->.*?<!-- /dump -->", render, text, flags=re.S)
    path.write_text(text)


def main():
    vectors = valid_vectors()
    out = [{k: val for k, val in v.items() if k != "_segments"} for v in vectors]
    (ROOT / "vectors" / "valid.json").write_text(json.dumps({"version": 1, "vectors": out}, indent=1) + "\n")
    invalid = {"version": 1, "default_max_frame_size": 16777216, "default_max_batch_events": 10000,
               "structural": build_invalid(), "semantic": build_semantic()}
    (ROOT / "vectors" / "invalid.json").write_text(json.dumps(invalid, indent=1) + "\n")
    if (ROOT / "messages.md").exists():
        refresh_dumps(vectors)
    print(f"{len(out)} valid, {len(invalid['structural'])} structural invalid, "
          f"{len(invalid['semantic'])} semantic invalid")


if __name__ == "__main__":
    main()
