"""A TCP proxy on loopback that breaks HTTP exchanges on purpose, one fault per connection.

Faults: `ok`, `drop_before` (close before forwarding), `drop_after` (forward, let the central
act, close without answering), `half` (forward, send half the response), `500`/`429` (answer
without forwarding), `502` (forward, then answer 502 as a gateway would), `delay` (forward,
then hold the answer past the client's timeout).

Every forwarded request is rewritten to `Connection: close`, so the upstream (the real central's
uvicorn, which speaks HTTP/1.1 keep-alive) ends each exchange by closing, one exchange per
connection. Three test levers beside the random faults: `garbage` (while set, every request is
answered `200` with that raw body without reaching the central, as a captive portal would),
`rewrite` (a function applied to every forwarded request body: a man in the middle) and
`rewrite_answer` (a function of (request, response body) applied to every forwarded answer's body:
a man in the middle on the way back, or a fake central that forwards and then lies).
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable

FAULTS = ("ok", "drop_before", "drop_after", "half", "500", "502", "429", "delay")


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body


def _close_after(request: bytes, rewrite: Callable[[bytes], bytes] | None = None) -> bytes:
    """The request with `Connection: close` (and its body rewritten, Content-Length fixed)."""
    head, _, body = request.partition(b"\r\n\r\n")
    if rewrite is not None:
        body = rewrite(body)
    lines = [line for line in head.split(b"\r\n")
             if line.split(b":", 1)[0].strip().lower() not in (b"connection", b"keep-alive", b"content-length")]
    if body or rewrite is not None:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _rewritten(response: bytes, rewrite: Callable[[bytes], bytes]) -> bytes:
    """The HTTP response with its body rewritten and Content-Length fixed (the central's answers are
    never chunked)."""
    head, _, body = response.partition(b"\r\n\r\n")
    body = rewrite(body)
    lines = [line for line in head.split(b"\r\n") if line.split(b":", 1)[0].strip().lower() != b"content-length"]
    lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _status(code: int, reason: str) -> bytes:
    body = b"<html>proxy error</html>"
    return (f"HTTP/1.0 {code} {reason}\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n"
            f"Retry-After: 0\r\n\r\n").encode() + body


class FaultProxy:
    def __init__(self, upstream_port: int, *, seed: int = 0, weights: dict[str, float] | None = None,
                 delay: float = 0.5) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.rng = random.Random(seed)
        self.weights = weights or {f: 1.0 for f in FAULTS}
        self.delay = delay
        self.forced: list[str] = []  # faults to use next, before random ones
        self.garbage: bytes | None = None  # when set: answer 200 with this body, never forward
        self.rewrite: Callable[[bytes], bytes] | None = None  # applied to forwarded request bodies
        self.rewrite_answer: Callable[[bytes, bytes], bytes] | None = None  # (request, answer body) → body
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closing = False
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._closing = True
        self.listener.close()

    def _pick(self) -> str:
        with self.lock:
            if self.forced:
                fault = self.forced.pop(0)
            else:
                names = list(self.weights)
                fault = self.rng.choices(names, [self.weights[n] for n in names])[0]
            self.counts[fault] += 1
            return fault

    def _accept_loop(self) -> None:
        while not self._closing:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=5) as up:
            up.sendall(_close_after(request, self.rewrite))
            response = b""
            while chunk := up.recv(65536):
                response += chunk
        return response

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            request = _read_request(conn)
            if request is None:
                return
            if self.garbage is not None:
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(len(self.garbage)).encode() + b"\r\n\r\n" + self.garbage)
                return
            fault = self._pick()
            if fault == "drop_before":
                return
            if fault == "500":
                conn.sendall(_status(500, "Internal Server Error"))
                return
            if fault == "429":
                conn.sendall(_status(429, "Too Many Requests"))
                return
            response = self._forward(request)
            if self.rewrite_answer is not None:
                response = _rewritten(response, lambda body: self.rewrite_answer(request, body))
            if fault == "drop_after":
                return
            if fault == "half":
                conn.sendall(response[: len(response) // 2])
                return
            if fault == "502":
                conn.sendall(_status(502, "Bad Gateway"))
                return
            if fault == "delay":
                time.sleep(self.delay)
            conn.sendall(response)
        except OSError:
            pass
        finally:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
