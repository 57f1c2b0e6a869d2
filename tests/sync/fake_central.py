"""A small stand-in for the reference central on loopback, implementing SYNC_PROTOCOL.md v1.

Temporary: the tests reach it only through the `central` fixture, which the lead will point at
the real `central/` server once it lands.
"""

from __future__ import annotations

import json
import ssl
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from furusato import ledger_record as rec
from furusato.keys import KeySet, generate_key


class CentralState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.platform_key = generate_key()
        self.codes: dict[str, dict[str, str]] = {}
        self.used_codes: set[str] = set()
        self.devices: dict[str, Any] = {}          # device id → public key
        self.records: dict[str, dict[str, Any]] = {}  # record id → {"hash", "seq", "device", "wire"}
        self.chain: dict[str, tuple[int, str]] = {}   # device → (last seq, last hash)
        self.by_seq: dict[tuple[str, int], str] = {}  # (device, seq) → record id
        self.accept_events = 0
        self.requests: list[tuple[str, str]] = []
        self.activities: list[dict[str, Any]] = []
        self.revoked: list[str] = []
        self.clock_offset = timedelta(0)
        self.garbage: str | None = None  # when set, /v1/records answers this raw text

    def server_time(self) -> str:
        return (datetime.now(UTC) + self.clock_offset).isoformat()

    def add_code(self, code: str, lg_code: str = "152102", name: str = "十日町市") -> None:
        self.codes[code] = {"code": lg_code, "name": name}

    # --- protocol ---------------------------------------------------------------------------

    def enroll(self, body):
        code = body.get("code")
        if code in self.used_codes:
            return 409, {"error": "code_used"}
        if code not in self.codes:
            return 404, {"error": "unknown_code"}
        key = KeySet.from_jwks({"keys": [body["public_jwk"]]}).public_key(body["public_jwk"]["kid"])
        self.used_codes.add(code)
        self.devices[body["device_id"]] = key
        return 200, {"device_id": body["device_id"], "local_government": self.codes[code],
                     "platform_keys": self.platform_key.jwks(), "revoked": list(self.revoked),
                     "activities": list(self.activities), "server_time": self.server_time()}

    def ingest(self, device_id, wire) -> dict[str, Any]:
        try:
            payload = wire["payload"].encode("utf-8")
            body = json.loads(payload)
            rid, seq = body["id"], body["seq"]
        except (KeyError, TypeError, ValueError):
            return {"id": None, "seq": None, "status": "rejected", "reason": "malformed", "flags": []}

        def result(status, reason=None):
            return {"id": rid, "seq": seq, "status": status, "reason": reason, "flags": []}

        key = self.devices.get(device_id)
        if key is None:
            return result("rejected", "unknown_device")
        if not rec.verify_detached(payload, wire.get("sig", ""), key):
            return result("rejected", "bad_signature")
        if body.get("device") != device_id:
            return result("rejected", "device_mismatch")
        digest = rec.digest(payload)
        if rid in self.records:
            return result("duplicate") if self.records[rid]["hash"] == digest else result("rejected", "conflict")
        last_seq, last_hash = self.chain.get(device_id, (0, rec.GENESIS))
        if (device_id, seq) in self.by_seq:
            return result("rejected", "fork")
        if seq > last_seq + 1:
            return result("rejected", "gap")
        if seq != last_seq + 1 or body.get("prev") != last_hash:
            return result("rejected", "fork")
        details = wire.get("details")
        if details is not None and rec.details_digest(details) != body.get("pii"):
            return result("rejected", "details_mismatch")
        self.records[rid] = {"hash": digest, "seq": seq, "device": device_id, "wire": wire}
        self.by_seq[(device_id, seq)] = rid
        self.chain[device_id] = (seq, digest)
        self.accept_events += 1
        return result("accepted")

    def records_batch(self, body):
        records = body.get("records")
        if not isinstance(records, list) or len(records) > 500:
            return 400, {"error": "bad_batch"}
        return 200, {"results": [self.ingest(body.get("device_id"), r) for r in records],
                     "server_time": self.server_time()}


def make_handler(state: CentralState):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one exchange per connection: the fault proxy relies on it

        def log_message(self, *args):
            pass

        def _send(self, status, obj=None, raw: bytes | None = None):
            data = raw if raw is not None else json.dumps(obj, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            with state.lock:
                state.requests.append(("GET", url.path))
                if url.path == "/v1/activities":
                    since = parse_qs(url.query).get("since", [None])[0]
                    self._send(200, {"activities": state.activities, "server_time": state.server_time(),
                                     "since": since})
                elif url.path == "/v1/keys":
                    self._send(200, state.platform_key.jwks())
                elif url.path == "/v1/revocations":
                    self._send(200, {"subjects": state.revoked, "updated_at": state.server_time(),
                                     "server_time": state.server_time()})
                else:
                    self._send(404, {"error": "not_found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            try:
                body = json.loads(self.rfile.read(length))
            except ValueError:
                self._send(400, {"error": "not_json"})
                return
            with state.lock:
                state.requests.append(("POST", self.path))
                if self.path == "/v1/enroll":
                    self._send(*state.enroll(body))
                elif self.path == "/v1/records":
                    if state.garbage is not None:
                        self._send(200, raw=state.garbage.encode("utf-8"))
                        return
                    self._send(*state.records_batch(body))
                else:
                    self._send(404, {"error": "not_found"})

    return Handler


class FakeCentral:
    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.state = CentralState()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.state))
        self.server.daemon_threads = True
        scheme = "http"
        if ssl_context is not None:
            self.server.socket = ssl_context.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.port = self.server.server_address[1]
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeCentral:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
