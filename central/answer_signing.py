"""The central's answer keys, and the per-record answers it signs with them.

Formats are in furusato/answer_signing.py. One key is active at a time; `rotate` retires it and signs
its successor in, so the published chain (`chain`) lets a station that trusts any earlier key reach the
new one. As the platform keys, the private keys are kept in the database as PKCS#8 PEM wrapped under
the operator's master key (`central/vault.py`, label `answer-key/v1|<kid>`): a copy of the database
cannot sign an answer or a receipt. A real central would keep them in an HSM or KMS.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from central import clock, vault
from central.store.db import insert_missing
from central.store.tables import answer_keys
from furusato import answer_signing as fmt
from furusato.keys import SigningKey

_NONCE = re.compile(rf"[A-Za-z0-9_-]{{1,{fmt.MAX_NONCE}}}")
_loaded: dict[str, SigningKey] = {}  # kid → key: PEM parsing is not repeated for every batch


def _load(conn: Connection, kid: str, stored: str) -> SigningKey:
    key = _loaded.get(kid)
    if key is None:
        key = vault.of(conn).open_signing_key(stored, vault.answer_key_label(kid))
        _loaded[kid] = key
    return key


def _newest(conn: Connection, *, active_only: bool):
    query = select(answer_keys.c.kid, answer_keys.c.private_pem, answer_keys.c.position)
    if active_only:
        query = query.where(answer_keys.c.retired_at.is_(None))
    return conn.execute(query.order_by(answer_keys.c.position.desc()).limit(1)).first()


def _create(conn: Connection) -> SigningKey:
    """A new key at the end of the chain, signed in by the key before it (by itself when first).
    Two processes making the first key at once: one insert wins and both use its key."""
    last = _newest(conn, active_only=False)
    key = SigningKey.generate()
    signer = _load(conn, last.kid, last.private_pem) if last is not None else key
    position = (last.position if last is not None else 0) + 1
    insert_missing(conn, answer_keys, [{
        "kid": key.kid, "position": position, "private_pem": vault.of(conn).wrap_signing_key(key, vault.answer_key_label(key.kid)), "public_jwk": key.public_jwk(),
        "link": fmt.endorse(signer, key, int(time.time())), "created_at": clock.iso(),
    }])
    return active_key(conn, create=False)


def active_key(conn: Connection, *, create: bool = True) -> SigningKey | None:
    """The key answers are signed with now; one is made when there is none and `create` is set."""
    row = _newest(conn, active_only=True)
    if row is not None:
        return _load(conn, row.kid, row.private_pem)
    return _create(conn) if create else None


def rotate(conn: Connection) -> dict[str, Any]:
    """Retire the active key and sign a new one in → {"active": kid, "retired": [kids]}."""
    active_key(conn)
    retired = list(conn.execute(select(answer_keys.c.kid).where(answer_keys.c.retired_at.is_(None))).scalars())
    conn.execute(update(answer_keys).where(answer_keys.c.retired_at.is_(None)).values(retired_at=clock.iso()))
    return {"active": _create(conn).kid, "retired": retired}


def chain(conn: Connection) -> list[str]:
    """Every link, oldest first: what enrolment, `GET /v1/answer-keys` and receipts publish."""
    active_key(conn)
    return list(conn.execute(select(answer_keys.c.link).order_by(answer_keys.c.position)).scalars())


def published(conn: Connection) -> dict[str, Any]:
    """{"chain", "at"}: the chain, and this central's time to the microsecond — `server_time` has whole
    seconds, too coarse for a station to tell whether a receipt is newer than what it pulled."""
    return {"chain": chain(conn), "at": datetime.now(UTC).isoformat()}


def record_hash(wire: Any) -> str | None:
    """SHA-256 of a record's payload as it arrived (the station's `hash`), None when it has none."""
    if not isinstance(wire, Mapping) or not isinstance(wire.get("payload"), str):
        return None
    try:
        return hashlib.sha256(wire["payload"].encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        return None


def signed_results(wire_records: Sequence[Any], results: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ingestion's results, each naming the hash of the record it answers."""
    return [{"id": r["id"], "seq": r["seq"], "hash": record_hash(w), "status": r["status"], "reason": r["reason"],
             "flags": list(r.get("flags") or [])} for w, r in zip(wire_records, results, strict=True)]


def clean_nonce(nonce: Any) -> str | None:
    return nonce if isinstance(nonce, str) and _NONCE.fullmatch(nonce) else None


def sign_answer(conn: Connection, device_id: Any, wire_records: Sequence[Any], results: Sequence[Mapping[str, Any]],
                nonce: Any = None) -> dict[str, str]:
    """The signed `frr-answer` for one batch ({"payload", "sig"}): what the station settles its records on."""
    document = {
        "format": fmt.ANSWER_FORMAT, "version": fmt.VERSION,
        "device_id": device_id if isinstance(device_id, str) else None,
        "nonce": clean_nonce(nonce), "issued_at": datetime.now(UTC).isoformat(),
        "results": signed_results(wire_records, results),
    }
    return fmt.sign_detached(active_key(conn), fmt.ANSWER_TYP, document)
