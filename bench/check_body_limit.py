"""Acceptance check (issue 13): a 200 MB body is refused in under 1 s, with the central under 300 MB.

    python bench/check_body_limit.py [--mb 200] [--runs 5] [--pg postgresql+psycopg://...]

The central runs as operators run it (`python -m central --db URL serve`, a process of its own). A
client sends `POST /v1/records` with a 200 MB body of tiny records — once declaring its length
(Content-Length), once chunked (no length: the server can only count) — writing as fast as the
socket takes it and watching for the answer; the time is from the first byte sent to the status
line received. The central's peak memory (VmHWM, all its processes) is read after every run.
Exit status 0 when every run met both bounds.
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.hostile.central_process import CentralProcess  # noqa: E402

RECORD = b'{"payload":"{}","sig":"x..y","details":null},'
TIME_BOUND_S = 1.0
MEMORY_BOUND_MB = 300


def attack(port: int, size: int, *, chunked: bool) -> tuple[int | None, float, int]:
    """(status, seconds to the answer, bytes sent before it)."""
    head = [b"POST /v1/records HTTP/1.1", b"Host: 127.0.0.1", b"Content-Type: application/json",
            b"Connection: close"]
    head.append(b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % size)
    block = b'{"device_id":"x","records":[' + RECORD * (65536 // len(RECORD))
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setblocking(False)
    pending = b"\r\n".join(head) + b"\r\n\r\n"
    sent, answer = 0, b""
    started = time.perf_counter()
    while True:
        readable, writable, _ = select.select([sock], [sock] if sent < size else [], [], 10)
        if readable:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            answer += chunk
            if b"\r\n" in answer or not chunk:
                break
        if writable:
            if not pending:
                piece = block[: min(len(block), size - sent)]
                pending = (b"%x\r\n" % len(piece) + piece + b"\r\n") if chunked else piece
                sent += len(piece)
            try:
                done = sock.send(pending)
                pending = pending[done:]
            except (BrokenPipeError, ConnectionResetError):
                break
            except BlockingIOError:
                pass
        if not readable and not writable:
            break
    elapsed = time.perf_counter() - started
    sock.close()
    status = int(answer.split(b" ")[1]) if answer.startswith(b"HTTP/1.1 ") else None
    return status, elapsed, sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", default=None, help="a PostgreSQL URL instead of a SQLite file")
    args = parser.parse_args()
    size = args.mb * 1024 * 1024
    print(f"load at start: {os.getloadavg()}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="check-body-") as tmp:
        url = args.pg or f"sqlite:///{Path(tmp) / 'central.sqlite3'}"
        central = CentralProcess(url, Path(tmp))
        try:
            idle = central.peak_rss_mb()
            print(f"central idle: peak RSS {idle:.0f} MB")
            for chunked in (False, True):
                label = "chunked, no length" if chunked else "Content-Length"
                times, sent, statuses = [], [], set()
                for _ in range(args.runs):
                    status, elapsed, written = attack(central.port, size, chunked=chunked)
                    statuses.add(status)
                    times.append(elapsed)
                    sent.append(written)
                peak = central.peak_rss_mb()
                met = statuses == {413} and max(times) < TIME_BOUND_S and peak < MEMORY_BOUND_MB
                ok &= met
                print(f"{args.mb} MB body, {label}: status {sorted(statuses, key=str)}, refused in median "
                      f"{statistics.median(times) * 1000:.0f} ms (max {max(times) * 1000:.0f} ms) after "
                      f"{statistics.median(sent) / 1e6:.1f} MB sent; central peak RSS {peak:.0f} MB — "
                      f"{'met' if met else 'NOT MET'} (< {TIME_BOUND_S:.0f} s, < {MEMORY_BOUND_MB} MB)")
            assert central.alive() and "Traceback" not in central.stderr()
        finally:
            central.stop()
    print(f"load at end: {os.getloadavg()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
