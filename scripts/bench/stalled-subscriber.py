#!/usr/bin/env python3
"""Measures disco-server's memory while subscribers stall behind a large backlog.

Usage (needs PostgreSQL; scripts/with-postgres provides one):
    scripts/with-postgres python3 scripts/bench/stalled-subscriber.py SERVER_BIN [EVENTS]

It starts SERVER_BIN on the database of $DISCO_TEST_POSTGRES_URL, loads EVENTS (default 1,000,000)
events of 200-byte payloads straight into disco_events with SQL, then opens two subscribers from
offset 0 that stall in the two ways a client can:
  * "no credit": subscribes with credit 1, takes one frame, then never grants more;
  * "not reading": subscribes with credit 1,000,000 and never reads its socket, so the server's writes
    back up against TCP flow control;
and samples the server's resident memory (VmRSS) once a second. The server must stay flat: bounded by
its page size and the frames credit allows, not by the backlog.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO, SUBSCRIBE = 0x01, 0x23


def frame(opcode: int, request_id: int, body: bytes) -> bytes:
    return struct.pack(">IBBI", 6 + len(body), opcode, 0, request_id) + body


def string(text: str) -> bytes:
    data = text.encode()
    return struct.pack(">H", len(data)) + data


def hello(name: str) -> bytes:
    body = struct.pack(">HH", 1, 1) + string(name) + string("") + struct.pack(">BB", 1, 0) + struct.pack(">I", 16 << 20)
    return frame(HELLO, 1, body)


def subscribe(request_id: int, credit: int) -> bytes:
    return frame(SUBSCRIBE, request_id, struct.pack(">QHI", 0, 0, credit))


def read_frame(sock: socket.socket) -> tuple[int, bytes]:
    def exactly(n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("server closed the connection")
            data += chunk
        return data

    length, opcode, _flags, _request = struct.unpack(">IBBI", exactly(10))
    return opcode, exactly(length - 6)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def psql(sql: str) -> None:
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", os.environ["DISCO_TEST_POSTGRES_URL"], "-c", sql],
                   check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    server_bin = sys.argv[1]
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    workdir = Path(tempfile.mkdtemp(prefix="disco-rss-"))
    port_file = workdir / "port"
    server = subprocess.Popen(
        [server_bin, "--port", "0", "--port-file", str(port_file), "--metrics-port", "0",
         "--postgres-url", os.environ["DISCO_TEST_POSTGRES_URL"], "--log-level", "warning"],
        stdin=subprocess.DEVNULL)
    try:
        while not port_file.exists() or not port_file.read_text().strip():
            time.sleep(0.1)
        port = int(port_file.read_text())
        print(f"server pid {server.pid} on port {port}; loading {events:,} events with SQL ...", flush=True)
        started = time.monotonic()
        psql(f"""
            INSERT INTO disco_events ("offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta)
            SELECT g, gen_random_uuid(), 'bench.loaded', 'agg-' || (g % 1000), g / 1000 + 1, now(),
                   convert_to('{{"n":' || g || ',"pad":"' || repeat('x', 180) || '"}}', 'UTF8'),
                   convert_to('{{"source":"rss"}}', 'UTF8')
            FROM generate_series(1, {events}) AS g;
            UPDATE disco_head SET "offset" = {events}, emitted_at = now();
        """)
        psql("VACUUM ANALYZE disco_events")
        print(f"loaded in {time.monotonic() - started:.1f}s; baseline RSS {rss_kib(server.pid) / 1024:.1f} MiB", flush=True)

        no_credit = socket.create_connection(("127.0.0.1", port))
        no_credit.sendall(hello("stalled-no-credit"))
        read_frame(no_credit)
        no_credit.sendall(subscribe(2, 1))
        opcode, body = read_frame(no_credit)
        print(f"no-credit subscriber got one frame (opcode 0x{opcode:02x}, {len(body):,} bytes) and stalls", flush=True)

        not_reading = socket.create_connection(("127.0.0.1", port))
        not_reading.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        not_reading.sendall(hello("stalled-not-reading"))
        read_frame(not_reading)
        not_reading.sendall(subscribe(2, 1_000_000))
        print("not-reading subscriber granted 1,000,000 frames and never reads", flush=True)

        samples = []
        for second in range(1, 21):
            time.sleep(1)
            samples.append(rss_kib(server.pid))
            print(f"  t={second:2d}s RSS {samples[-1] / 1024:.1f} MiB", flush=True)
        print(f"RESULT events={events} rss_first={samples[0] / 1024:.1f}MiB rss_peak={max(samples) / 1024:.1f}MiB "
              f"rss_last={samples[-1] / 1024:.1f}MiB growth_over_last_10s={(samples[-1] - samples[9]) / 1024:.1f}MiB")
        no_credit.close()
        not_reading.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
