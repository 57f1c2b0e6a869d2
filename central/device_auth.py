"""Who may read person-level answers: an enrolled, active station, proven by its device key.

The station sends `Authorization: Bearer <token>`, a compact JWS (PyJWT, EdDSA) signed with the
Ed25519 key it enrolled (`devices.public_jwk`). Header `typ` `frr-auth+jwt`; claims:

- `iss` — the device id (the key that must have signed it is the one enrolled for that id)
- `aud` — `furusato-central`
- `iat`, `exp` — whole seconds; `exp - iat` at most 300 s; 60 s of clock skew is allowed either way
- `htm`, `htu` — the request's method and URL (no query): the central compares the method and the
  URL's *path* with the request's, so a token cannot be replayed on another endpoint; scheme and
  host are not compared because a TLS proxy may stand in front of the central.

- `jti` — a unique id (8–64 of `A-Z a-z 0-9 _ -`): the central remembers every `jti` it accepted
  until the token has expired (`central/token_replay.py`, in the database, so all workers share it),
  and a token presented a second time is refused.

The explicit `typ`, `aud` and `htm`/`htu` keep other JWS signed by the same device key (activity
codes on a poster, ledger records, bundles) from ever passing as a token. Before PyJWT sees a token,
its header and claims are read by `furusato.safe_json` (strict base64url, small, flat, UTF-8 only,
bounded numbers), so nothing in them can reach the database or the clock arithmetic unchecked.

`require_device` is the FastAPI dependency; it raises `DeviceAuthError`, which the API answers with
its usual error body: 401 `unauthenticated` (missing, malformed, expired, wrong audience or binding,
bad signature, unknown device) or 403 `device_revoked` (a valid token of a revoked device).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import token_replay
from central.store.tables import devices
from furusato import device_token, safe_json
from furusato.ed25519_jws import b64url_decode
from furusato.keys import ALG, KeySet, KeySetError

AUDIENCE = device_token.AUDIENCE
TOKEN_TYP = device_token.TYP
MAX_LIFETIME_SECONDS = device_token.MAX_LIFETIME_SECONDS
LEEWAY_SECONDS = device_token.LEEWAY_SECONDS
MAX_TOKEN_CHARS = 4096  # a token is ~400 characters; anything far larger is not worth parsing
_REQUIRED = ["iss", "aud", "iat", "exp", "htm", "htu", "jti"]
_SEGMENT = safe_json.Limits(max_bytes=MAX_TOKEN_CHARS, max_depth=2, max_string=2048)


class DeviceAuthError(Exception):
    def __init__(self, status: int, error: str, detail: str):
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


def _unauthenticated(detail: str) -> DeviceAuthError:
    return DeviceAuthError(401, "unauthenticated", detail)


@dataclass(frozen=True)
class Device:
    """The station that signed the request."""

    id: str
    lg_code: str


def _segments(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a compact JWS, read within `_SEGMENT`'s limits, before PyJWT sees it."""
    parts = token.split(".") if token.isascii() else []
    if len(parts) != 3:
        raise _unauthenticated("malformed token")
    try:
        header, claims = (safe_json.loads(b64url_decode(part), _SEGMENT) for part in parts[:2])
    except ValueError:
        raise _unauthenticated("malformed token") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _unauthenticated("malformed token")
    return header, claims


def verify(conn: Connection, token: str, method: str, path: str) -> Device:
    """The active device whose key signed `token` for `method` `path`, its `jti` now spent; raises
    DeviceAuthError. `conn` must be in a transaction that commits (the jti is written)."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise _unauthenticated("malformed token")
    header, unverified = _segments(token)
    if header.get("alg") != ALG or header.get("typ") != TOKEN_TYP:
        raise _unauthenticated(f"not a device token (alg {ALG}, typ {TOKEN_TYP})")
    device_id = unverified.get("iss")
    if not isinstance(device_id, str) or not 1 <= len(device_id) <= 100:
        raise _unauthenticated("the token names no device (iss)")
    row = conn.execute(select(devices).where(devices.c.id == device_id)).first()
    if row is None:
        raise _unauthenticated("unknown device")
    try:
        key = KeySet.from_jwks({"keys": [row.public_jwk]}).public_key(row.kid)
    except KeySetError:
        key = None
    if key is None:
        raise _unauthenticated("the device's enrolled key is unusable")
    claims = _decode(token, key)
    _check_lifetime(claims)
    _check_binding(claims, method, path)
    # Only the key's holder learns that the device is revoked: the signature is checked first.
    if row.status != "active":
        raise DeviceAuthError(403, "device_revoked", "this device has been revoked")
    jti = claims["jti"]
    if not isinstance(jti, str) or not token_replay.JTI_PATTERN.fullmatch(jti):
        raise _unauthenticated("jti must be 8–64 characters of A-Z a-z 0-9 _ -")
    if not token_replay.spend(conn, row.id, jti, claims["exp"] + LEEWAY_SECONDS):
        raise _unauthenticated("token already used (jti): sign a new one for every request")
    return Device(row.id, row.lg_code)


def _decode(token: str, key: Any) -> dict[str, Any]:
    try:
        return jwt.decode(
            token, key, algorithms=[ALG], audience=AUDIENCE, leeway=LEEWAY_SECONDS,
            options={"require": _REQUIRED, "verify_signature": True, "verify_exp": True, "verify_iat": True,
                     "verify_aud": True},
        )
    except jwt.InvalidSignatureError:
        raise _unauthenticated("bad signature") from None
    except jwt.ExpiredSignatureError:
        raise _unauthenticated("token expired") from None
    except jwt.InvalidAudienceError:
        raise _unauthenticated(f"wrong audience (want {AUDIENCE})") from None
    except jwt.MissingRequiredClaimError as exc:
        raise _unauthenticated(f"missing claim {exc.claim}") from None
    except jwt.ImmatureSignatureError:
        raise _unauthenticated("token issued in the future") from None
    except jwt.PyJWTError:
        raise _unauthenticated("malformed token") from None


def _check_lifetime(claims: dict[str, Any]) -> None:
    """PyJWT has checked `exp` and `iat` against the clock (with the leeway); a token must also be
    short-lived, in whole seconds (PyJWT would take "123" or 1.5)."""
    iat, exp = claims["iat"], claims["exp"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (iat, exp)):
        raise _unauthenticated("iat and exp must be whole seconds")
    if not 0 < exp - iat <= MAX_LIFETIME_SECONDS:
        raise _unauthenticated(f"token lifetime must be 1–{MAX_LIFETIME_SECONDS} s")


def _check_binding(claims: dict[str, Any], method: str, path: str) -> None:
    htm, htu = claims["htm"], claims["htu"]
    if not isinstance(htm, str) or htm != method.upper():
        raise _unauthenticated("token bound to another method (htm)")
    try:
        parts = urlsplit(htu) if isinstance(htu, str) else None
    except ValueError:
        parts = None
    if parts is None or unquote(parts.path) != unquote(path):
        raise _unauthenticated("token bound to another endpoint (htu)")


_bearer = HTTPBearer(
    auto_error=False, bearerFormat="JWS",
    description="EdDSA JWS by the station's enrolled device key (see central/device_auth.py)",
)


def require_device(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Device:
    """FastAPI dependency: the authenticated station, or DeviceAuthError."""
    if credentials is None:
        raise _unauthenticated("Authorization: Bearer <device token> required")
    with request.app.state.engine.begin() as conn:  # a transaction: the token's jti is spent in it
        device = verify(conn, credentials.credentials, request.method, request.url.path)
    request.state.who = f"device:{device.id}"  # the access log's "who"
    return device
