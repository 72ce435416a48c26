"""A minimal, independent encoder of Disco wire protocol v1, used to generate the test vectors.

Every frame is built as a list of segments (field name, bytes, decoded value) so that the same data
gives the hex of the vector and the annotated hex dump in messages.md.
"""
import struct
import uuid as uuidlib
import zlib

OPCODES = {
    "HELLO": 0x01, "PING": 0x02, "EMIT": 0x10, "READ_AGGREGATE": 0x20, "READ_TYPES": 0x21,
    "READ_AFTER": 0x22, "SUBSCRIBE": 0x23, "CREDIT": 0x28, "CANCEL": 0x29, "CONSUMER_GET": 0x30,
    "CONSUMER_UPDATE": 0x31, "CONSUMER_RESET": 0x32, "HELLO_OK": 0x81, "PONG": 0x82, "EMITTED": 0x90,
    "EVENTS": 0xA0, "CAUGHT_UP": 0xA1, "STREAM_END": 0xA2, "CONSUMER_OFFSET": 0xB0, "ERROR": 0xFF,
}

ERROR_CODES = {
    "MALFORMED_FRAME": 1, "FRAME_TOO_LARGE": 2, "UNKNOWN_OPCODE": 3, "INVALID_UTF8": 4,
    "UNSUPPORTED_VERSION": 5, "HANDSHAKE_REQUIRED": 6, "AUTHENTICATION_FAILED": 7, "UNSUPPORTED_CODEC": 8,
    "DECOMPRESSION_FAILED": 9, "INVALID_ARGUMENT": 10, "TOO_MANY_IN_FLIGHT": 11, "DUPLICATE_REQUEST_ID": 12,
    "VERSION_CONFLICT": 20, "EVENT_ID_CONFLICT": 21, "CONSUMER_OFFSET_CONFLICT": 22, "UNKNOWN_CONSUMER": 23,
    "STORAGE_UNAVAILABLE": 30, "SHUTTING_DOWN": 31, "TIMEOUT": 32, "SERVER_BUSY": 33, "INTERNAL": 34,
}


class Body:
    """An ordered list of (field, bytes) segments."""

    def __init__(self):
        self.segments = []

    def raw(self, name, data):
        self.segments.append((name, bytes(data)))
        return self

    def u8(self, name, v):
        return self.raw(f"{name} = {v}", struct.pack(">B", v))

    def u16(self, name, v):
        return self.raw(f"{name} = {v}", struct.pack(">H", v))

    def u32(self, name, v):
        return self.raw(f"{name} = {v}", struct.pack(">I", v))

    def u64(self, name, v):
        return self.raw(f"{name} = {v}", struct.pack(">Q", v))

    def i64(self, name, v):
        return self.raw(f"{name} = {v}", struct.pack(">q", v))

    def boolean(self, name, v):
        return self.raw(f"{name} = {int(v)} ({'true' if v else 'false'})", struct.pack(">B", int(v)))

    def string(self, name, s):
        data = s.encode("utf-8") if isinstance(s, str) else s
        self.raw(f"{name} length = {len(data)}", struct.pack(">H", len(data)))
        if data:
            shown = s if isinstance(s, str) else "(invalid UTF-8)"
            self.raw(f'{name} = "{shown}"' if len(shown) <= 40 else f"{name} ({len(data)} bytes)", data)
        return self

    def bytes_(self, name, data):
        self.raw(f"{name} length = {len(data)}", struct.pack(">I", len(data)))
        if data:
            self.raw(f"{name} ({len(data)} bytes)", data)
        return self

    def uuid(self, name, u):
        return self.raw(f"{name} = {u}", uuidlib.UUID(u).bytes)

    def extend(self, other, prefix=""):
        for name, data in other.segments:
            self.segments.append((prefix + name, data))
        return self

    def data(self):
        return b"".join(d for _, d in self.segments)


def frame(opcode_name, request_id, body, flags=0, length=None, opcode=None):
    payload = body.data()
    op = OPCODES[opcode_name] if opcode is None else opcode
    n = 6 + len(payload) if length is None else length
    header = Body()
    header.u32("length", n)
    header.raw(f"opcode = 0x{op:02x} ({opcode_name})", bytes([op]))
    header.u8("flags", flags)
    header.u32("request_id", request_id)
    return header.extend(body)


def stored_record(r):
    b = Body()
    b.u64("offset", r["offset"]).uuid("id", r["id"]).u64("aggregate_version", r["aggregate_version"])
    b.i64("emitted_at", r["emitted_at"]).string("type", r["type"]).string("aggregate_id", r["aggregate_id"])
    b.bytes_("payload", r["payload"]).bytes_("meta", r["meta"])
    return b


def new_record(r):
    b = Body()
    b.uuid("id", r["id"]).string("type", r["type"]).string("aggregate_id", r["aggregate_id"])
    b.bytes_("payload", r["payload"]).bytes_("meta", r["meta"])
    return b


def batch(records, encode_record, codec=0, event_count=None, records_size=None, block=None):
    """A batch block. With codec 1 the records are zlib-compressed (unless `block` overrides the bytes)."""
    recs = Body()
    for i, r in enumerate(records):
        recs.extend(encode_record(r), prefix=f"[{i}] ")
    raw = recs.data()
    b = Body()
    b.u8("codec", codec)
    b.u32("event_count", len(records) if event_count is None else event_count)
    b.u32("records_size", len(raw) if records_size is None else records_size)
    if block is not None:
        b.raw(f"block ({len(block)} bytes)", block)
    elif codec == 1:
        compressed = zlib.compress(raw, 9)
        b.raw(f"zlib stream ({len(compressed)} bytes, inflates to {len(raw)})", compressed)
    else:
        b.extend(recs)
    return b


def record_json(r, stored):
    out = {}
    if stored:
        out["offset"] = str(r["offset"])
    out["id"] = r["id"]
    if stored:
        out["aggregate_version"] = str(r["aggregate_version"])
        out["emitted_at"] = str(r["emitted_at"])
    out["type"] = r["type"]
    out["aggregate_id"] = r["aggregate_id"]
    out["payload"] = r["payload"].hex()
    out["meta"] = r["meta"].hex()
    return out


def batch_json(records, stored, codec):
    raw = b"".join((stored_record if stored else new_record)(r).data() for r in records)
    return {
        "codec": codec,
        "event_count": len(records),
        "records_size": len(raw),
        "events": [record_json(r, stored) for r in records],
    }


def annotate(segments):
    """Annotated hex dump lines: up to 16 bytes per line, field name on the first line of each field."""
    lines = []
    offset = 0
    for name, data in segments:
        for i in range(0, max(len(data), 1), 16):
            chunk = data[i:i + 16]
            if not chunk:
                break
            hexs = " ".join(f"{b:02x}" for b in chunk)
            label = name if i == 0 else "  ..."
            lines.append(f"{offset + i:04x}  {hexs:<47}  {label}")
        offset += len(data)
    return lines
