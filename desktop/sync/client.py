"""HTTP to the central: one requests Session, TLS verification on, plain http only to loopback.

Municipal networks often run their own certificate authority; `ca_file` points requests at it
instead of switching verification off.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from desktop.sync.errors import BadResponse, InsecureURL, Refused, TLSError, TransientError
from furusato.activity import JST

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
USER_AGENT = "furusato-field-sync/1"


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
        self.session = session or requests.Session()
        # True = the system's/certifi's trust store; a path = the municipal CA bundle. Never False.
        # Passed on every request: a Session-level `verify` loses to $REQUESTS_CA_BUNDLE (requests #3829).
        self.verify: bool | str = str(ca_file) if ca_file else True
        self.session.verify = self.verify
        self.session.headers["User-Agent"] = USER_AGENT

    def close(self) -> None:
        self.session.close()

    def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        return self._request("GET", path, params=params)

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "X-Station-Time": datetime.now(JST).isoformat()}
        return self._request("POST", path, data=data, headers=headers)

    def _request(self, method: str, path: str, **kwargs) -> dict[str, Any]:
        url = self.base_url + path
        try:
            response = self.session.request(method, url, timeout=self.timeout, verify=self.verify,
                                            allow_redirects=False, **kwargs)
            body = response.content  # read it all here so a cut body is a transport error
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
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
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


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
