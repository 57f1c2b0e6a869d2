"""Station bundles (docs/SYNC_PROTOCOL.md, Bundles): a compact JWS (typ `frr-bundle+jws`) signed by
the device key, over `{"format": "frr-bundle", "version": 1, "device_id", "public_jwk", "records",
"created_at"}`.

A bundle's signature is checked before anything of its body is read: the protected header names
the signing key (`kid`, the device key's thumbprint), the devices enrolled with that key are looked
up, and the signature over the raw bytes must hold for one of them (`furusato.ed25519_jws`). Only
then is the body decoded and parsed (within `BUNDLE_LIMITS`), and it must name that same device
and key. Unsigned, truncated or altered, signed by a key not enrolled here, or naming another
device → `BundleRefused` and nothing is applied. A verified bundle's records then go through
exactly the sync rules.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central.ingest import ingest_batch
from central.store.tables import devices
from furusato import bundle_format, safe_json
from furusato.ed25519_jws import JWSRefused, compact_header, open_compact
from furusato.keys import KeySet, KeySetError

BUNDLE_TYP = bundle_format.TYP
BUNDLE_LIMITS = safe_json.Limits(max_bytes=bundle_format.MAX_BYTES, max_depth=8, max_string=1024 * 1024)


class BundleRefused(ValueError):
    pass


def open_bundle(conn: Connection, token: bytes | str) -> dict[str, Any]:
    raw = token.encode("ascii", "replace") if isinstance(token, str) else bytes(token)
    raw = raw.strip()
    try:
        header = compact_header(raw, BUNDLE_TYP)
    except JWSRefused as exc:
        raise BundleRefused(f"not a bundle: {exc}") from None
    kid = header.get("kid")
    if not isinstance(kid, str) or not 1 <= len(kid) <= 100:
        raise BundleRefused("the bundle names no signing key (kid)")
    candidates = conn.execute(select(devices).where(devices.c.kid == kid)).all()
    if not candidates:
        raise BundleRefused(f"no device enrolled here signs with key {kid}")
    for row in candidates:
        try:
            key = KeySet.from_jwks({"keys": [row.public_jwk]}).public_key(row.kid)
            _, payload = open_compact(raw, BUNDLE_TYP, lambda _header, key=key: [key])
        except (KeySetError, JWSRefused):
            continue
        return _body(payload, row)
    raise BundleRefused("the bundle's signature does not hold for the enrolled device key")


def _body(payload: bytes, device) -> dict[str, Any]:
    try:
        body = safe_json.loads(payload, BUNDLE_LIMITS, "the bundle")
    except safe_json.JSONRefused as exc:
        raise BundleRefused(f"the bundle is signed but unreadable: {exc}") from None
    if not isinstance(body, dict) or body.get("format") != bundle_format.FORMAT \
            or body.get("version") != bundle_format.VERSION or not isinstance(body.get("records"), list):
        raise BundleRefused("unsupported bundle format or version")
    if body.get("device_id") != device.id:
        raise BundleRefused("the bundle names a device other than the one whose key signed it")
    jwk = body.get("public_jwk")
    if isinstance(jwk, dict) and jwk.get("x") != device.public_jwk.get("x"):
        raise BundleRefused("the bundle carries a key other than the one enrolled for its device")
    return body


def import_bundle(conn: Connection, token: bytes | str) -> dict[str, int]:
    body = open_bundle(conn, token)
    return summarise(ingest_batch(conn, body["device_id"], body["records"]))


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    summary = {"accepted": 0, "duplicates": 0, "rejected": 0}
    for result in results:
        summary[{"accepted": "accepted", "duplicate": "duplicates"}.get(result["status"], "rejected")] += 1
    return {**summary, "results": results}
