"""Signed bundles for stations without network for weeks (SYNC_PROTOCOL.md, Bundles).

The document `{"format": "frr-bundle", "version": 1, "device_id", "public_jwk", "records",
"created_at"}` is signed by the device key as a compact JWS (typ `frr-bundle+jws`) and written
atomically (temporary file in the target folder, fsync, rename, fsync of the folder), then read back
from the medium and verified before the export counts as done — a USB stick that lies about a write
is found here, not at the town hall. It holds every record the central does not hold yet — pending, and refused ones too,
so that the central can take them once the cause is fixed — in sequence order, exactly as a sync sends them;
the central ingests it with the same rules, so importing it twice, or syncing afterwards, only
produces duplicates.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jwt.api_jws import PyJWS

from desktop.sync import outbox
from furusato import ed25519_jws, safe_json
from furusato.activity import JST
from furusato.bundle_format import FORMAT, MAX_BYTES, TYP, VERSION
from furusato.keys import KeySet, KeySetError, atomic_write, thumbprint

_jws = PyJWS(algorithms=["EdDSA"])


class BundleError(ValueError):
    pass


class BundleTooLarge(BundleError):
    pass


@dataclass(frozen=True)
class BundleWritten:
    path: Path
    records: int
    bytes: int
    first_seq: int | None
    last_seq: int | None
    sha256: str = ""

    def to_json(self) -> dict:
        return {"format": "bundle", "out": str(self.path), "records": self.records, "bytes": self.bytes,
                "first_seq": self.first_seq, "last_seq": self.last_seq, "sha256": self.sha256, "verified": True}


def _all_pending(station) -> list[outbox.Pending]:
    found: list[outbox.Pending] = []
    after = 0
    while True:
        batch = outbox.pending_batch(station, outbox.MAX_BATCH, after_seq=after, states=outbox.UNSENT)
        if not batch:
            return found
        found.extend(batch)
        after = batch[-1].seq


def write_bundle(station, out: Path | str, *, max_bytes: int = MAX_BYTES, now: datetime | None = None) -> BundleWritten:
    out = Path(out)
    key = station.signing_key
    pending = _all_pending(station)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "device_id": station.signer.device_id,
        "public_jwk": key.public_jwk(),
        "records": [p.wire for p in pending],
        "created_at": (now or datetime.now(JST)).isoformat(),
    }
    payload = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    token = _jws.encode(payload, key.private_key, algorithm="EdDSA", headers={"kid": key.kid, "typ": TYP})
    data = token.encode("ascii")
    if len(data) > max_bytes:
        raise BundleTooLarge(f"bundle would be {len(data)} bytes, over the limit of {max_bytes}")
    atomic_write(out, data, 0o600)  # personal details inside: owner-only
    digest = verify_written(out, data, key.public_key, len(pending))
    return BundleWritten(out, len(pending), len(data),
                         pending[0].seq if pending else None, pending[-1].seq if pending else None, digest)


def _read_from_medium(path: Path) -> bytes:
    with open(path, "rb") as fh:
        if hasattr(os, "posix_fadvise"):
            # Drop the pages the write left in memory, so the read comes from the stick where the OS allows.
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        return fh.read()


def verify_written(path: Path, data: bytes, public_key, records: int) -> str:
    """Read the bundle back and check it is what was signed: the same bytes, a signature that holds,
    the same number of records. A file that fails is removed (nobody should carry it) → BundleError."""
    try:
        back = _read_from_medium(path)
        problem = None if back == data else "the file read back differs from what was written"
        if problem is None and len(read_bundle(path, expected_key=public_key)["records"]) != records:
            problem = "the file read back holds another number of records"
    except (OSError, BundleError) as exc:
        problem = f"the file cannot be read back: {exc}"
    if problem is not None:
        try:
            path.unlink()
        except OSError:
            pass
        raise BundleError(f"{path.name}: {problem}; nothing was exported — try again or use another medium")
    return hashlib.sha256(back).hexdigest()


def read_bundle(path: Path | str, *, expected_key=None, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Verify and return the bundle document. With `expected_key` (the enrolled device key) the
    signature is checked against it before the body is decoded; the body's own `public_jwk` must then
    be that key. Without one, the body (read within limits) must carry a key whose thumbprint is the
    header's `kid` and whose signature holds."""
    path = Path(path)
    if path.stat().st_size > max_bytes:
        raise BundleTooLarge(f"{path} is larger than {max_bytes} bytes")
    raw = path.read_bytes().strip()
    try:
        header = ed25519_jws.compact_header(raw, TYP)
        if expected_key is not None:
            _, payload = ed25519_jws.open_compact(raw, TYP, lambda _h: [expected_key])
        else:
            payload = ed25519_jws.b64url_decode(raw.split(b".")[1])
        document = safe_json.loads(payload, safe_json.Limits(max_bytes=max_bytes, max_depth=8,
                                                             max_string=1024 * 1024), "the bundle")
    except ValueError as exc:  # JWSRefused, JSONRefused, bad base64
        raise BundleError(f"{path} is not a readable bundle: {exc}") from exc
    if not isinstance(document, dict):
        raise BundleError(f"{path}: not a bundle document")
    try:
        jwk = document.get("public_jwk")
        own_key = KeySet.from_jwks({"keys": [jwk]}).public_key(jwk["kid"])
    except (KeySetError, TypeError, KeyError, AttributeError) as exc:
        raise BundleError(f"{path}: unusable public_jwk: {exc}") from exc
    if thumbprint(own_key) != header.get("kid"):
        raise BundleError(f"{path}: the bundle's key is not the one that signed it")
    if expected_key is not None and thumbprint(expected_key) != thumbprint(own_key):
        raise BundleError(f"{path}: signature does not verify: another device's key")
    try:
        ed25519_jws.open_compact(raw, TYP, lambda _h: [own_key])
    except ed25519_jws.JWSRefused as exc:
        raise BundleError(f"{path}: signature does not verify: {exc}") from exc
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise BundleError(f"{path}: format {document.get('format')!r} version {document.get('version')!r}")
    if not isinstance(document.get("records"), list) or not isinstance(document.get("device_id"), str):
        raise BundleError(f"{path}: records or device_id missing")
    return document
