"""HTTP to the central: one requests Session, TLS verification on, plain http only to loopback.

Municipal networks often run their own certificate authority; `ca_file` points requests at it
instead of switching verification off.

Person-level reads (eligibility, applications) need the station to prove who it is: a request made
with `get(..., device=DeviceCredential(...))` carries `Authorization: Bearer <device_token(...)>`, a short-lived
JWS signed by the station's enrolled device key and bound to that request's method and URL
(checked by the central in central/device_auth.py).
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import jwt
import requests

from desktop.sync.errors import BadResponse, InsecureURL, Refused, TLSError, TransientError
from furusato import device_token as token_format
from furusato import safe_json
from furusato.activity import JST
from furusato.keys import ALG, SigningKey

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
# The largest answer is enrolment's or the activity catalogue: thousands of activities are a few MB.
MAX_ANSWER_BYTES = 32 * 1024 * 1024
ANSWER_LIMITS = safe_json.Limits(max_bytes=MAX_ANSWER_BYTES, max_depth=12, max_string=1024 * 1024)
USER_AGENT = "furusato-field-sync/1"

TOKEN_LIFETIME = 60  # seconds; well inside token_format.MAX_LIFETIME_SECONDS


@dataclass(frozen=True)
class DeviceCredential:
    """Who this station is to the central: its device id and the key enrolled under it
    (`DeviceCredential(station.signer.device_id, station.signing_key)`)."""

    device_id: str
    key: SigningKey


def device_token(key: SigningKey, device_id: str, method: str, url: str, *, now: float | None = None,
                 lifetime: int = TOKEN_LIFETIME) -> str:
    """A bearer token for one request: EdDSA over {iss: device id, aud, iat, exp, htm, htu, jti}.
    `htu` is `url` without its query and fragment (the central compares the path); `jti` is random:
    the central accepts each token once."""
    issued = int(time.time() if now is None else now)
    parts = urlsplit(url)
    claims = {
        "iss": device_id, "aud": token_format.AUDIENCE, "iat": issued, "exp": issued + lifetime,
        "htm": method.upper(), "htu": urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")),
        "jti": secrets.token_urlsafe(16),
    }
    return jwt.encode(claims, key.private_key, algorithm=ALG, headers={"kid": key.kid, "typ": token_format.TYP})


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The URL without a trailing slash; raises InsecureURL for anything we will not talk to."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise InsecureURL(f"not a usable server URL: {url!r}") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise InsecureURL(f"the server URL must be https://HOST[:PORT]: {url!r}")
    if parts.scheme == "http" and not is_loopback(host):
        raise InsecureURL(f"plain http is only allowed to this machine (loopback), not to {host}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InsecureURL(f"the server URL must not carry credentials, a query or a fragment: {url!r}")
    return url.rstrip("/")


class CentralClient:
    def __init__(
        self,
        base_url: str,
        *,
        ca_file: str | None = None,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = check_server_url(base_url)
        self.timeout = timeout
        self.max_answer_bytes = MAX_ANSWER_BYTES
        self.answer_limits = ANSWER_LIMITS
        self.session = session or requests.Session()
        # True = the system's/certifi's trust store; a path = the municipal CA bundle. Never False.
        # Passed on every request: a Session-level `verify` loses to $REQUESTS_CA_BUNDLE (requests #3829).
        self.verify: bool | str = str(ca_file) if ca_file else True
        self.session.verify = self.verify
        self.session.headers["User-Agent"] = USER_AGENT

    def close(self) -> None:
        self.session.close()

    def get(self, path: str, params: Mapping[str, str] | None = None, *,
            device: DeviceCredential | None = None, token_time: float | None = None) -> dict[str, Any]:
        """`device`: sign the request as this station (needed for eligibility and applications);
        `token_time`: the time its token says it was issued (default this clock's; see clock.central_now)."""
        return self._request("GET", path, params=params, headers=self._auth("GET", path, device, token_time))

    def post(self, path: str, body: Mapping[str, Any], *, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        sent = {"Content-Type": "application/json; charset=utf-8",
                "X-Station-Time": datetime.now(JST).isoformat(), **(headers or {})}
        return self._request("POST", path, data=data, headers=sent)

    def _auth(self, method: str, path: str, device: DeviceCredential | None,
              token_time: float | None = None) -> dict[str, str]:
        if device is None:
            return {}
        token = device_token(device.key, device.device_id, method, self.base_url + path, now=token_time)
        return {"Authorization": f"Bearer {token}"}

    def _request(self, method: str, path: str, **kwargs) -> dict[str, Any]:
        url = self.base_url + path
        try:
            response = self.session.request(method, url, timeout=self.timeout, verify=self.verify,
                                            allow_redirects=False, stream=True, **kwargs)
            try:
                body = _read_capped(response, self.max_answer_bytes, f"{method} {path}")
            finally:
                response.close()
        except requests.exceptions.SSLError as exc:
            raise TLSError(f"TLS verification failed for {self.base_url}: {exc}") from exc
        except requests.exceptions.Timeout as exc:
            raise TransientError(f"{method} {path}: timed out", code="timeout") from exc
        except requests.exceptions.RequestException as exc:
            # ConnectionError, ChunkedEncodingError, ContentDecodingError: the exchange was cut.
            raise TransientError(f"{method} {path}: {type(exc).__name__}", code="unreachable") from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise TransientError(
                f"{method} {path}: HTTP {status}",
                code="rate_limited" if status == 429 else "server_error",
                status=status,
                retry_after=_retry_after(response.headers.get("Retry-After")),
            )
        try:
            parsed = safe_json.loads(body, self.answer_limits, "the answer")
        except safe_json.JSONRefused as exc:
            if status < 400:
                raise BadResponse(f"{method} {path}: HTTP {status}, answer refused: {exc}", status=status) from None
            parsed = None
        if status >= 400:
            code = parsed.get("error") if isinstance(parsed, dict) else None
            if not isinstance(code, str):
                detail = parsed.get("detail") if isinstance(parsed, dict) else None
                code = detail if isinstance(detail, str) else f"http_{status}"
            raise Refused(f"{method} {path}: HTTP {status} {code}", code=code, status=status)
        if status != 200 or not isinstance(parsed, dict):
            raise BadResponse(f"{method} {path}: HTTP {status} with a body that is not a JSON object", status=status)
        return parsed


def _read_capped(response: requests.Response, limit: int, what: str) -> bytes:
    """The body, decompressed, but never more than `limit` bytes of it: a declared length over the
    limit is refused before reading, and the decompressed stream is cut at the limit (urllib3
    inflates at most one chunk ahead), so neither a huge answer nor a gzip bomb fills the memory."""
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise BadResponse(f"{what}: the answer is {int(declared)} bytes, over the limit of {limit}",
                          status=response.status_code)
    body = bytearray()
    for chunk in response.iter_content(chunk_size=64 * 1024):
        body += chunk
        if len(body) > limit:
            raise BadResponse(f"{what}: the answer is larger than {limit} bytes (decompressed)",
                              status=response.status_code)
    return bytes(body)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
