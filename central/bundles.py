"""Station bundles (docs/SYNC_PROTOCOL.md, Bundles): a compact JWS (typ `frr-bundle+jws`) signed by
the device key, over `{"format": "frr-bundle", "version": 1, "device_id", "public_jwk", "records",
"created_at"}`.

A bundle is verified whole before anything is read from it: unsigned, truncated or altered, signed
by a key other than the one enrolled for its device, or of an unknown device → `BundleRefused` and
nothing is applied. A verified bundle's records then go through exactly the sync rules.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
from sqlalchemy import select
from sqlalchemy.engine import Connection

from central.ingest import ingest_batch
from central.store.tables import devices
from furusato import bundle_format
from furusato.keys import KeySet, KeySetError

BUNDLE_TYP = bundle_format.TYP
_JWS = jwt.PyJWS(algorithms=["EdDSA"])


class BundleRefused(ValueError):
    pass


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def open_bundle(conn: Connection, token: str) -> dict[str, Any]:
    token = token.strip()
    segments = token.split(".")
    if len(segments) != 3 or not all(segments):
        raise BundleRefused("not a compact JWS (unsigned or truncated)")
    try:
        header = json.loads(_b64decode(segments[0]))
        claimed = json.loads(_b64decode(segments[1]))
    except ValueError:
        raise BundleRefused("the bundle is damaged (header or body unreadable)") from None
    if not isinstance(header, dict) or header.get("alg") != "EdDSA" or header.get("typ") != BUNDLE_TYP:
        raise BundleRefused(f"not a bundle (need alg EdDSA, typ {BUNDLE_TYP})")
    if not isinstance(claimed, dict) or not isinstance(claimed.get("device_id"), str):
        raise BundleRefused("the bundle names no device")
    row = conn.execute(select(devices).where(devices.c.id == claimed["device_id"])).first()
    if row is None:
        raise BundleRefused(f"device {claimed['device_id']!r} is not enrolled here")
    try:
        key = KeySet.from_jwks({"keys": [row.public_jwk]}).public_key(row.kid)
        decoded = _JWS.decode_complete(token, key=key, algorithms=["EdDSA"])
        body = json.loads(decoded["payload"])
    except (jwt.PyJWTError, KeySetError, ValueError):
        raise BundleRefused("the bundle's signature does not hold for the enrolled device key") from None
    if body.get("format") != bundle_format.FORMAT or body.get("version") != bundle_format.VERSION or not isinstance(body.get("records"), list):
        raise BundleRefused("unsupported bundle format or version")
    jwk = body.get("public_jwk")
    if isinstance(jwk, dict) and jwk.get("x") != row.public_jwk.get("x"):
        raise BundleRefused("the bundle carries a key other than the one enrolled for its device")
    return body


def import_bundle(conn: Connection, token: str) -> dict[str, int]:
    body = open_bundle(conn, token)
    return summarise(ingest_batch(conn, body["device_id"], body["records"]))


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    summary = {"accepted": 0, "duplicates": 0, "rejected": 0}
    for result in results:
        summary[{"accepted": "accepted", "duplicate": "duplicates"}.get(result["status"], "rejected")] += 1
    return {**summary, "results": results}
