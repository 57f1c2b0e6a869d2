"""A central that answers like an attacker: one HTTP server on loopback whose every answer is the
current `mode` — nested JSON, a gzip bomb, an endless or oversized body, bytes that are not UTF-8,
lone surrogates, NaN, wrong shapes. The real central never answers like this, so a real station's
client can only be tried against it with a stand-in."""

from __future__ import annotations

import gzip
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.central.server import free_port

BOMB_MB = 256  # decompressed; ~250 KB on the wire


def gzip_bomb(megabytes: int = BOMB_MB) -> bytes:
    """`megabytes` MB of spaces (valid JSON whitespace) gzip-compressed, built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip stream
    block = b" " * (1024 * 1024)
    out = [packer.compress(block) for _ in range(megabytes)]
    out.append(packer.flush())
    return b"".join(out)


def _nest(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


_BOMB: bytes | None = None


def _answers() -> dict[str, tuple[dict[str, str], bytes | None]]:
    global _BOMB
    if _BOMB is None:
        _BOMB = gzip_bomb()
    json_type = {"Content-Type": "application/json"}
    return {
        "nested": (json_type, _nest(200_000)),
        "nested_object": (json_type, b'{"results":' + _nest(5000) + b"}"),
        "nested_in_results": (json_type, b'{"results":[' + b'{"a":' * 3000 + b"1" + b"}" * 3000 + b"]}"),
        "gzip_bomb": ({**json_type, "Content-Encoding": "gzip"}, _BOMB),
        "gzip_bomb_json": ({**json_type, "Content-Encoding": "gzip"}, gzip.compress(_nest(3_000_000))),
        "huge_declared": ({**json_type, "Content-Length": str(500 * 1024 * 1024)}, b"{" * 1000),
        "huge_streamed": (json_type, None),  # chunked, endless
        "not_utf8": (json_type, b'{"results": ["\xff\xfe\xed\xa0\x80"]}'),
        "utf16": (json_type, '{"results": []}'.encode("utf-16")),
        "surrogate": (json_type, b'{"results": [{"id": "\\ud800", "seq": 1, "status": "accepted"}], '
                                 b'"server_time": "\\udfff"}'),
        "nan": (json_type, b'{"results": [{"id": NaN}], "server_time": Infinity}'),
        "huge_number": (json_type, b'{"results": [{"id": "x", "seq": ' + b"9" * 5000 + b"}]}"),
        "array": (json_type, b"[1, 2, 3]"),
        "wrong_results": (json_type, b'{"results": {"a": 1}, "activities": 5, "keys": "x"}'),
        "truncated": ({**json_type, "Content-Length": "100"}, b'{"results": ['),
        "html_500": ({"Content-Type": "text/html"}, b"<html>" + b"x" * 100_000),
    }


class HostileCentral:
    def __init__(self) -> None:
        self.mode = "nested"
        answers = _answers()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                headers, body = answers[outer.mode]
                self.send_response(500 if outer.mode == "html_500" else 200)
                for name, value in headers.items():
                    self.send_header(name, value)
                if body is None:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b" " * 65536
                    try:
                        for _ in range(20_000):  # 1.3 GB, unless the client hangs up first
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass
                self.close_connection = True

            do_GET = do_POST = _answer

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.modes = list(answers)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
