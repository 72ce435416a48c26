"""The JSON form of decoded messages used by protocol/vectors (see protocol/vectors/README.md)."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from disco_client import messages as m
from disco_client.batch import NewEvent, StoredEvent, encode_new_records, encode_stored_records
from disco_client.errors import error_name


def _value(v: Any, wide: bool) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return str(int(v)) if wide else int(v)
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    return v


def _new_event(e: NewEvent) -> dict[str, Any]:
    return {"id": str(e.id), "type": e.type, "aggregate_id": e.aggregate_id,
            "payload": e.payload.hex(), "meta": e.meta.hex()}


def _stored_event(e: StoredEvent) -> dict[str, Any]:
    return {"offset": str(e.offset), "id": str(e.id), "aggregate_version": str(e.aggregate_version),
            "emitted_at": str(e.emitted_at), "type": e.type, "aggregate_id": e.aggregate_id,
            "payload": e.payload.hex(), "meta": e.meta.hex()}


_WIDE = {"nonce", "after_offset", "from_version", "offset", "expected", "head_offset", "event_count",
         "last_position", "actual", "aggregate_version", "emitted_at", "version"}


def details_json(details: Any) -> dict[str, Any] | None:
    if details is None:
        return None
    out = {}
    for f in dataclasses.fields(details):
        v = getattr(details, f.name)
        out[f.name] = _value(v, f.name in _WIDE and not isinstance(v, bool))
    return out


def to_json(msg: m.Message) -> dict[str, Any]:
    """The vectors' JSON form of a decoded message."""
    if isinstance(msg, m.Hello):
        return {"min_version": msg.min_version, "max_version": msg.max_version, "client_name": msg.client_name,
                "auth_token": msg.auth_token, "codecs": list(msg.codecs), "max_frame_size": msg.max_frame_size}
    if isinstance(msg, m.Emit):
        records = encode_new_records(msg.events)
        return {"expectations": [{"aggregate_id": x.aggregate_id, "kind": int(x.kind), "version": str(x.version)}
                                 for x in msg.expectations],
                "batch": {"codec": msg.codec, "event_count": len(msg.events), "records_size": len(records),
                          "events": [_new_event(e) for e in msg.events]}}
    if isinstance(msg, m.Events):
        records = encode_stored_records(msg.events)
        return {"batch": {"codec": msg.codec, "event_count": len(msg.events), "records_size": len(records),
                          "events": [_stored_event(e) for e in msg.events]}}
    if isinstance(msg, m.Emitted):
        return {"replayed": msg.replayed,
                "events": [{"offset": str(e.offset), "aggregate_version": str(e.aggregate_version),
                            "emitted_at": str(e.emitted_at)} for e in msg.events]}
    if isinstance(msg, m.Error):
        return {"code": msg.code, "code_name": error_name(msg.code), "message": msg.message,
                "details_hex": msg.details.hex(), "details": details_json(msg.parsed_details)}
    out: dict[str, Any] = {}
    wide_here = _WIDE - ({"version"} if isinstance(msg, m.HelloOk) else set())
    for f in dataclasses.fields(msg):
        v = getattr(msg, f.name)
        if isinstance(v, list):
            out[f.name] = list(v)
        else:
            out[f.name] = _value(v, f.name in wide_here and not isinstance(v, bool))
    return out
