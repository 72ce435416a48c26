#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus from protocol/vectors/: every frame (mode 0), every EVENTS/EMIT batch
block (modes 1 and 2) and the records of every batch wrapped for mode 3."""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "protocol" / "vectors"
out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
valid = json.loads((root / "valid.json").read_text())["vectors"]
invalid = json.loads((root / "invalid.json").read_text())
seeds = {}
for v in valid + invalid["structural"] + invalid["semantic"]:
    frame = bytes.fromhex(v["hex"])
    seeds[f"frame-{v['name']}"] = b"\x00" + frame
    if v.get("opcode") == "EVENTS":
        seeds[f"stored-{v['name']}"] = b"\x01" + frame[10:]
        if frame[10] == 0:
            seeds[f"records-{v['name']}"] = b"\x03" + frame[11:15] + frame[19:]
seeds["all-frames"] = b"\x00" + b"".join(bytes.fromhex(v["hex"]) for v in valid)
for name, data in seeds.items():
    (out / name).write_bytes(data)
print(f"{len(seeds)} seeds in {out}")
