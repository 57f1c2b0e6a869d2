"""HTTP as an attacker writes it: raw bytes on a socket, so malformed framing (bad Content-Length,
lying lengths, truncated bodies) reaches the server exactly as sent."""

from __future__ import annotations

import socket
from dataclasses import dataclass


@dataclass
class Answer:
    status: int | None  # None: the server closed without a status line (it refused the framing)
    head: bytes
    body: bytes


def request_bytes(method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
                  *, content_length: bool = True, host: str = "127.0.0.1") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    given = {k.lower() for k in (headers or {})}
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if content_length and "content-length" not in given and "transfer-encoding" not in given:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def send(port: int, raw: bytes, *, timeout: float = 20.0, half_close: bool = False) -> Answer:
    """Send `raw`, read the answer until the server closes. `half_close`: shut our side after sending
    (a body shorter than its Content-Length then ends instead of waiting for the read timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(raw)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before taking everything: read what it said
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status = None
    if head.startswith(b"HTTP/1."):
        try:
            status = int(head.split(b" ", 2)[1])
        except (IndexError, ValueError):
            status = None
    return Answer(status, head, body)
