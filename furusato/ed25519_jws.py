"""EdDSA JWS checked with `cryptography` directly, for what arrives in bulk: ledger records (detached,
RFC 7797 `b64: false`), bundles and receipts (compact, possibly hundreds of megabytes).

The JOSE library (PyJWT) stays for the token formats of CONTRACTS §1 and for signing. Verifying
records through it costs a per-character Python check of every base64 segment, a JSON parse of the
same header 500 times a batch, and for a compact JWS the decoding of its whole body before the
signature is known to hold. Here each segment gets one strict base64url decode (C speed, canonical
encoding only), a header is checked once per distinct header, and `open_compact` verifies the
signature over the raw bytes before anything of the body is decoded — so an unsigned, forged or
unknown-key file costs one Ed25519 verification, never a parse. The checks are those PyJWT makes,
plus the `typ` of the format: `alg` is `EdDSA`; for a detached record `b64` is false and `crit` is
exactly `["b64"]`; for a compact JWS `b64` and `crit` are absent; `kid` is a string.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from furusato import safe_json

ALG = "EdDSA"
_B64URL = re.compile(rb"[A-Za-z0-9_-]*")
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
_HEADER_LIMITS = safe_json.Limits(max_bytes=4096, max_depth=3, max_string=512)
MAX_HEADER_CHARS = 4096


class JWSRefused(ValueError):
    """Not a JWS of ours, or its signature does not hold."""


def b64url_decode(segment: bytes | str) -> bytes:
    """Strict, unpadded base64url: only the alphabet, no padding, canonical trailing bits."""
    data = segment.encode("ascii", "replace") if isinstance(segment, str) else segment
    if not _B64URL.fullmatch(data) or len(data) % 4 == 1:
        raise ValueError("not unpadded base64url")
    spare_bits = {2: 4, 3: 2}.get(len(data) % 4, 0)  # bits of the last character beyond the data
    if spare_bits and _ALPHABET.index(data[-1]) & ((1 << spare_bits) - 1):
        raise ValueError("not canonical base64url")
    try:
        # binascii reads the standard alphabet; the translation is one C pass (the check above
        # already refused anything outside the URL-safe alphabet, so nothing is silently dropped).
        return binascii.a2b_base64(bytes(data).translate(_TO_STANDARD) + b"=" * (-len(data) % 4),
                                   strict_mode=True)
    except binascii.Error:
        raise ValueError("not unpadded base64url") from None


@lru_cache(maxsize=1024)
def _header(segment: bytes) -> dict[str, Any] | None:
    """The decoded protected header, or None when it is not one (cached: a device's records share one)."""
    if len(segment) > MAX_HEADER_CHARS:
        return None
    try:
        header = safe_json.loads(b64url_decode(segment), _HEADER_LIMITS)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("alg") != ALG:
        return None
    if "kid" in header and not isinstance(header["kid"], str):
        return None
    return header


def detached_header(signature: str, typ: str) -> dict[str, Any] | None:
    """The header of a detached record signature `HEADER..SIG` when it is one of ours, else None."""
    if not isinstance(signature, str) or not signature.isascii():
        return None
    parts = signature.encode("ascii").split(b".")
    if len(parts) != 3 or parts[1]:
        return None
    header = _header(parts[0])
    if header is None or header.get("b64") is not False or header.get("crit") != ["b64"]:
        return None
    if header.get("typ", typ) != typ:
        return None
    return header


def verify_detached(payload: bytes, signature: str, public_key: Ed25519PublicKey, *, typ: str) -> bool:
    """True when `signature` is a detached EdDSA JWS of `payload` (unencoded, RFC 7797) by `public_key`."""
    if detached_header(signature, typ) is None:
        return False
    header_segment, _, sig_segment = signature.encode("ascii").split(b".")
    try:
        sig = b64url_decode(sig_segment)
    except ValueError:
        return False
    if len(sig) != 64:
        return False
    try:
        public_key.verify(sig, header_segment + b"." + payload)
    except InvalidSignature:
        return False
    return True


def _dots(token: bytes) -> tuple[int, int]:
    """Where the two dots of a compact JWS are (no copy of a body that may be hundreds of MB)."""
    first = token.find(b".")
    second = token.find(b".", first + 1) if first >= 0 else -1
    if first <= 0 or second < 0 or second == first + 1 or second == len(token) - 1 \
            or token.find(b".", second + 1) >= 0:
        raise JWSRefused("not a compact JWS (unsigned or truncated)")
    return first, second


def compact_header(token: bytes, typ: str) -> dict[str, Any]:
    """The protected header of a compact JWS `token`, checked; JWSRefused otherwise. Only the header
    segment is decoded."""
    first, _ = _dots(token)
    header = _header(token[:first])
    if header is None:
        raise JWSRefused(f"not a JWS of ours (need alg {ALG})")
    if "b64" in header or "crit" in header or header.get("typ") != typ:
        raise JWSRefused(f"not a {typ}")
    return header


def open_compact(token: bytes, typ: str,
                 keys_for: Callable[[dict[str, Any]], Iterable[Ed25519PublicKey]]) -> tuple[dict[str, Any], bytes]:
    """(header, payload bytes) of a compact JWS whose signature verifies with one of the keys
    `keys_for(header)` names. The payload is decoded only after the signature held; the signing
    input is verified in place (a memoryview), never copied."""
    token = token.strip()
    header = compact_header(token, typ)
    first, second = _dots(token)
    try:
        sig = b64url_decode(token[second + 1:])
    except ValueError:
        raise JWSRefused("the signature segment is not base64url") from None
    view = memoryview(token)
    for key in keys_for(header):
        try:
            key.verify(sig, view[:second])
        except InvalidSignature:
            continue
        try:
            return header, b64url_decode(view[first + 1:second])
        except ValueError:
            raise JWSRefused("the body is not base64url") from None
    raise JWSRefused("the signature does not hold for the key it claims")
