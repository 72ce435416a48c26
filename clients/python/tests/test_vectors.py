"""Runs every vector of protocol/vectors/valid.json and invalid.json (format: protocol/vectors/README.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import VECTORS_DIR
from disco_client import messages as m
from disco_client.errors import ErrorCode, ProtocolViolation
from disco_client.frames import Frame, FrameDecoder
from vector_json import to_json

VALID = json.loads((VECTORS_DIR / "valid.json").read_text())
INVALID = json.loads((VECTORS_DIR / "invalid.json").read_text())
DEFAULT_MAX = INVALID["default_max_frame_size"]


def _decode(frame: Frame, direction: str, max_frame_size: int) -> m.Message:
    if direction == "client_to_server":
        return m.decode_client_message(frame, max_frame_size=max_frame_size)
    assert direction == "server_to_client"
    return m.decode_server_message(frame, max_frame_size=max_frame_size)


def _one_frame(hex_: str, max_frame_size: int = 16 * 1024 * 1024) -> Frame:
    decoder = FrameDecoder(max_frame_size)
    decoder.feed(bytes.fromhex(hex_))
    frames = decoder.frames()
    assert len(frames) == 1
    assert decoder.buffered == 0
    return frames[0]


def _has_zlib_batch(vector: dict[str, Any]) -> bool:
    return vector["fields"].get("batch", {}).get("codec") == 1


@pytest.mark.parametrize("vector", VALID["vectors"], ids=[v["name"] for v in VALID["vectors"]])
def test_valid_vector(vector: dict[str, Any]) -> None:
    frame = _one_frame(vector["hex"])
    assert m.Opcode(frame.opcode).name == vector["opcode"]
    assert frame.request_id == vector["request_id"]
    msg = _decode(frame, vector["direction"], 16 * 1024 * 1024)
    assert to_json(msg) == vector["fields"]
    encoded = msg.encode(frame.request_id)
    if _has_zlib_batch(vector):
        # Compressed bytes may differ between zlib implementations: round-trip instead.
        again = _decode(_one_frame(encoded.hex()), vector["direction"], 16 * 1024 * 1024)
        assert to_json(again) == vector["fields"]
        assert again.codec == 1  # the records are over 1 KiB and compress: our encoder keeps codec 1
    else:
        assert encoded.hex() == vector["hex"]


def _structural_outcome(vector: dict[str, Any]) -> ProtocolViolation | None:
    """Feed the bytes one at a time (the harshest fragmentation), then decode each frame's body."""
    limit = vector.get("max_frame_size", DEFAULT_MAX)
    decoder = FrameDecoder(limit)
    frames: list[Frame] = []
    try:
        for byte in bytes.fromhex(vector["hex"]):
            decoder.feed(bytes([byte]))
            frames.extend(decoder.frames())
        for frame in frames:
            _decode(frame, vector["direction"], limit)
    except ProtocolViolation as exc:
        return exc
    return None


@pytest.mark.parametrize("vector", INVALID["structural"], ids=[v["name"] for v in INVALID["structural"]])
def test_structural_vector(vector: dict[str, Any]) -> None:
    error = _structural_outcome(vector)
    if vector["outcome"] == "incomplete":
        assert error is None
        assert vector["error"] is None
        return
    assert vector["outcome"] == "error"
    assert error is not None, "decoding must fail"
    assert error.code == ErrorCode[vector["error"]["code"]]
    assert error.kind == vector["error"]["kind"]
    if "request_id" in vector:
        assert error.request_id == vector["request_id"]
    if error.code == ErrorCode.FRAME_TOO_LARGE:
        assert error.details is not None and error.details.limit == vector.get("max_frame_size", DEFAULT_MAX)
    if error.code in (ErrorCode.MALFORMED_FRAME,) and error.kind in ("frame_length_too_small", "nonzero_flags"):
        assert error.request_id == 0


@pytest.mark.parametrize("vector", INVALID["semantic"], ids=[v["name"] for v in INVALID["semantic"]])
def test_semantic_vector(vector: dict[str, Any]) -> None:
    limit = vector.get("max_frame_size", DEFAULT_MAX)
    frame = _one_frame(vector["hex"], limit)
    msg = _decode(frame, vector["direction"], limit)  # decodes fine...
    with pytest.raises(ProtocolViolation) as info:  # ...but breaks a range rule
        m.validate_client_message(
            msg, max_batch_events=vector.get("max_batch_events", INVALID["default_max_batch_events"])
        )
    assert info.value.code == ErrorCode[vector["error"]["code"]] == ErrorCode.INVALID_ARGUMENT
    assert info.value.kind == vector["error"]["kind"]


def test_valid_client_vectors_pass_validation() -> None:
    for vector in VALID["vectors"]:
        if vector["direction"] == "client_to_server":
            m.validate_client_message(_decode(_one_frame(vector["hex"]), vector["direction"], DEFAULT_MAX))


def test_vector_counts() -> None:
    """Guard against silently running nothing."""
    assert len(VALID["vectors"]) >= 30
    assert len(INVALID["structural"]) >= 40
    assert len(INVALID["semantic"]) >= 15
