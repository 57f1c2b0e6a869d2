"""Which answer keys this station trusts, and the check every answer passes before it settles a record.

The chain (furusato/answer_signing.py) is kept in `station_meta` beside the outbox it settles. It
starts with the key of the enrolment answer — trusted on first use, like the platform keys — and
only grows by links that a key already trusted signed. A station enrolled before the central signed
its answers has no chain: it adopts the first one its enrolled central gives (the same trust on first
use, once) and until then settles nothing.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from typing import Any

from desktop.store.station_meta import SERVER_URL as META_SERVER
from desktop.sync.errors import BadResponse, Refused, UnverifiedAnswer
from furusato import answer_signing as fmt
from furusato.answer_signing import AnswerKeyChain, AnswerRefused
from furusato.keys import KeySet

log = logging.getLogger(__name__)

META_CHAIN = "answer_key_chain"
NONCE_HEADER = "X-Answer-Nonce"


def load(meta) -> AnswerKeyChain | None:
    raw = meta.get(META_CHAIN)
    if not raw:
        return None
    try:
        return AnswerKeyChain.from_json(json.loads(raw))
    except (ValueError, AnswerRefused):
        # A damaged chain settles nothing (records stay pending); it is not silently replaced.
        log.exception("stored answer-key chain unreadable; answers cannot be verified")
        return None


def save(meta, chain: AnswerKeyChain) -> None:
    meta.set(META_CHAIN, json.dumps(chain.to_json()))


def trusted(meta, now: float | None = None) -> KeySet:
    chain = load(meta)
    return chain.trusted(time.time() if now is None else now) if chain is not None else KeySet()


def first_use(meta, tokens: Any) -> None:
    """Trust the chain's first key as given — the enrolment answer's, over the enrolment's TLS."""
    try:
        chain = AnswerKeyChain.first_use(tokens)
    except AnswerRefused as exc:
        raise BadResponse(f"answer keys unusable: {exc}") from exc
    save(meta, chain)


def adopt(meta, tokens: Any) -> bool:
    """Take what the enrolled central offers: only links that extend the trusted chain, or — for a
    station enrolled before answers were signed, which has none — the chain on first use, once.
    True when something new is trusted."""
    current = load(meta)
    if current is None:
        if meta.get(META_CHAIN) or not meta.get(META_SERVER):
            return False  # a damaged chain is not replaced; an unenrolled station has no central of its own
        first_use(meta, tokens)
        return True
    grown = current.extend(tokens)
    if grown is current:
        return False
    save(meta, grown)
    return True


def fetch(client, call: Callable = lambda fn: fn()) -> dict[str, Any] | None:
    """What `GET /v1/answer-keys` offers ({"chain", "at"}); None from a central without the endpoint."""
    try:
        answer = call(lambda: client.get("/v1/answer-keys"))
    except Refused as exc:
        if exc.status == 404:
            return None
        raise
    return answer


def refresh(station, client, call: Callable = lambda fn: fn()) -> bool:
    """Adopt what the central offers now (a rotation this station has not seen); True when it grew."""
    offered = fetch(client, call)
    return offered is not None and adopt(station.meta, offered.get("chain"))


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def signed_entries(meta, answer: dict[str, Any], batch: Sequence, device_id: str, nonce: str,
                   *, now: float | None = None) -> tuple[list[dict[str, Any]], list]:
    """(entries, foreign): the signed answer's entries that name a record of `batch` by its id, seq and
    hash, and the records of `batch` whose entry named other content (altered on the way, or a forgery).

    The answer must verify with a trusted key and name this device and this request's nonce, or
    UnverifiedAnswer is raised and nothing of the batch may be settled. A record is settled only by an
    entry naming it exactly; entries about records not sent are ignored."""
    try:
        _, payload = fmt.verify_detached(answer.get("answer"), fmt.ANSWER_TYP, trusted(meta, now))
        document = fmt.load_document(payload, fmt.ANSWER_FORMAT)
        results = fmt.check_results(document.get("results"))
    except AnswerRefused as exc:
        raise UnverifiedAnswer(str(exc), code=exc.code) from None
    if document.get("device_id") != device_id or document.get("nonce") != nonce:
        raise UnverifiedAnswer("a signed answer to another station or another request", code="answer_mismatch")
    sent = {p.record_id: p for p in batch}
    entries, foreign = [], {}
    for entry in results:
        record = sent.get(entry["id"])
        if record is None:
            continue
        if (entry["seq"], entry["hash"]) == (record.seq, record.hash):
            entries.append(entry)
        else:
            foreign[record.record_id] = record
    return entries, list(foreign.values())
