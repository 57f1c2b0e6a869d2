"""The signed attendance record: one canonical form that the station writes and the central checks.

A record is a JSON object serialised canonically (sorted keys, no spaces, UTF-8), hashed with
SHA-256 and signed by the station's Ed25519 device key as a *detached* compact JWS with an unencoded
payload (RFC 7515 appendix F with RFC 7797 `b64: false`), so the payload is stored and sent once
and the signature stays small. Each record names the hash of the one
before it (`prev`) and its per-device sequence number (`seq`): a missing, reordered or altered
record breaks the chain where it happened.

Personal details never enter the payload; it carries only `pii`, the SHA-256 of the separately
kept details (which include a random salt), so the details can be purged later while the chain
still verifies, and the central can still check the details it receives against the signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jwt.api_jws import PyJWS

from furusato import ed25519_jws

FORMAT_VERSION = 1
GENESIS = "0" * 64
RECORD_TYP = "frr-record+jws"
RECORD_TYPES = ("checkin", "checkout", "cancel", "correct", "activity")

_jws = PyJWS(algorithms=["EdDSA"])


def canonical(obj: Mapping[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def details_digest(details: Mapping[str, Any]) -> str:
    return digest(canonical(details))


def sign_detached(payload: bytes, private_key, kid: str) -> str:
    return _jws.encode(
        payload,
        private_key,
        algorithm="EdDSA",
        headers={"kid": kid, "typ": RECORD_TYP},
        is_payload_detached=True,
    )


def verify_detached(payload: bytes, signature: str, public_key) -> bool:
    """The record's signature holds for `public_key` (an Ed25519 public key). Checked with
    `cryptography` after one strict base64url decode (furusato.ed25519_jws): the central verifies
    every record of every batch, and PyJWT's generic path cost a quarter of ingestion."""
    return ed25519_jws.verify_detached(payload, signature, public_key, typ=RECORD_TYP)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str  # "gap", "prev_mismatch", "hash_mismatch", "bad_signature", "seq_mismatch"


def verify_chain(
    rows: Iterable[tuple[int, bytes, str, str]],
    public_key=None,
    *,
    start_prev: str = GENESIS,
    start_seq: int = 1,
) -> list[ChainBreak]:
    """Check (seq, payload, hash, sig) rows in order; returns every break found (empty: intact)."""
    breaks: list[ChainBreak] = []
    expected_seq, expected_prev = start_seq, start_prev
    for seq, payload, stored_hash, signature in rows:
        body = json.loads(payload)
        if seq != expected_seq:
            breaks.append(ChainBreak(seq, "gap"))
        if body.get("seq") != seq:
            breaks.append(ChainBreak(seq, "seq_mismatch"))
        if body.get("prev") != expected_prev:
            breaks.append(ChainBreak(seq, "prev_mismatch"))
        actual = digest(payload)
        if actual != stored_hash:
            breaks.append(ChainBreak(seq, "hash_mismatch"))
        if public_key is not None and not verify_detached(payload, signature, public_key):
            breaks.append(ChainBreak(seq, "bad_signature"))
        expected_seq, expected_prev = seq + 1, actual
    return breaks
