"""Importing the receipt the central wrote for a bundle (`furusato-field import-receipt FILE`).

Order matters, and nothing is written before every check has passed:
1. the file is read as a compact JWS of typ `frr-receipt+jws`; only its header is looked at;
2. the answer-key chain in the header may extend the trusted one (links signed by a trusted key);
3. the signature over the raw bytes must hold for a trusted answer key — only then is the body read;
4. it must be for this station (device and local government) and newer than the last one applied
   (the same receipt twice is `already_applied`, an older one `stale`);
5. then: the records it answers are settled (by id, seq and hash; a refused record the central has
   taken since is settled too), the catalogue, platform keys and revocations are taken unless this
   station already holds newer ones (from a sync), the chain is kept, the receipt is noted, and the
   retention purge runs. Settling is idempotent and the note comes last, so an import cut short can
   simply be run again.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.privacy.audit_log import AuditLog
from desktop.store.tables import ledger, outbox
from desktop.sync import answer_trust, pulls
from desktop.sync import outbox as outbox_rules
from desktop.sync.sync_round import purge_expired_details
from furusato import answer_signing as fmt
from furusato.answer_signing import AnswerRefused
from furusato.keys import KeySet, KeySetError

META_RECEIPT_AT = "receipt_issued_at"  # the central's time of the last receipt applied...
META_RECEIPT_ID = "receipt_id"         # ...and its id


class ReceiptRefused(ValueError):
    """Nothing was changed. `code`: unreadable, not_a_receipt, no_answer_key, unknown_answer_key,
    bad_answer_signature, answer_version, other_station, already_applied, stale, malformed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code

    def to_json(self) -> dict[str, str]:
        return {"error": str(self), "code": self.code}


@dataclass(frozen=True)
class ReceiptApplied:
    settled: int     # records this receipt moved to sent or rejected
    accepted: int    # the central's answers in it, for this station's records
    duplicates: int
    rejected: int
    pending: int     # records still waiting after it
    purged: int      # personal details removed by the retention purge that followed
    activities: int  # catalogue entries taken (0 when this station held a newer catalogue)
    central_state: str  # "applied", or "kept" when a sync had brought newer keys/revocations/catalogue
    issued_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _read_token(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(fmt.RECEIPT_MAX_BYTES + 1)
    except OSError as exc:
        raise ReceiptRefused("unreadable", f"cannot read {path.name}: {exc.strerror or exc}") from None
    if len(raw) > fmt.RECEIPT_MAX_BYTES:
        raise ReceiptRefused("not_a_receipt", f"{path.name} is larger than any receipt")
    try:
        return raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise ReceiptRefused("not_a_receipt", f"{path.name} is not a receipt (not a signed text)") from None


def verify_receipt(station, token: str, *, now: float | None = None) -> tuple[dict[str, Any], Any]:
    """(document, chain to keep) once the receipt's signature holds; the body is parsed only then."""
    try:
        header = fmt.header_of(token, fmt.RECEIPT_TYP)
    except AnswerRefused as exc:
        code = "not_a_receipt" if exc.code in ("unsigned_answer", "bad_answer_signature") else exc.code
        raise ReceiptRefused(code, f"not a receipt of the central: {exc}") from None
    chain = answer_trust.load(station.meta)
    if chain is None:
        raise ReceiptRefused("no_answer_key", "this station holds no answer key of its central (enrol it, "
                                              "or sync once online) and cannot check a receipt")
    chain = chain.extend(header.get("chain") or [])
    try:
        _, payload = fmt.verify(token, fmt.RECEIPT_TYP, chain.trusted(time.time() if now is None else now))
        document = fmt.load_document(payload, fmt.RECEIPT_FORMAT)
    except AnswerRefused as exc:
        raise ReceiptRefused(exc.code, f"the receipt does not verify: {exc}") from None
    return document, chain


def _check_for_us(station, document: dict[str, Any]) -> datetime:
    if document.get("device_id") != station.signer.device_id:
        raise ReceiptRefused("other_station", "this receipt is for another station")
    lg = document.get("local_government")
    if station.local_government and (not isinstance(lg, dict) or lg.get("code") != station.local_government):
        raise ReceiptRefused("other_station", "this receipt is for another local government's station")
    try:
        issued = datetime.fromisoformat(document["issued_at"])
        if issued.tzinfo is None:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise ReceiptRefused("malformed", "the receipt has no issue time") from None
    last = station.meta.get(META_RECEIPT_AT)
    if last:
        if document.get("receipt_id") == station.meta.get(META_RECEIPT_ID):
            raise ReceiptRefused("already_applied", f"this receipt was already imported (issued {last})")
        if issued <= datetime.fromisoformat(last):
            raise ReceiptRefused("stale", f"this receipt (issued {document['issued_at']}) is older than the "
                                          f"one already imported (issued {last})")
    return issued


def _central_state(document: dict[str, Any]) -> tuple[list, Any, dict]:
    """The catalogue, platform keys and revocations, all checked before anything is written."""
    activities, keys, revocations = document.get("activities"), document.get("platform_keys"), document.get("revocations")
    try:
        KeySet.from_jwks(keys)
    except KeySetError as exc:
        raise ReceiptRefused("malformed", f"the receipt's platform keys are unusable: {exc}") from None
    if not isinstance(activities, list) or not isinstance(revocations, dict) or not isinstance(
            revocations.get("subjects"), list) or not all(isinstance(s, str) for s in revocations["subjects"]):
        raise ReceiptRefused("malformed", "the receipt's catalogue or revocations are malformed")
    return activities, keys, revocations


def _by_id(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    # A record id of ours is a UUID: anything else (a lone surrogate SQLite could not even bind) is no record of ours.
    return {r["id"]: r for r in results if isinstance(r.get("id"), str) and r["id"].isascii() and len(r["id"]) <= 64}


def _answered_records(station, results: list[dict[str, Any]]) -> tuple[list, list]:
    """(records, entries): this station's unsettled records the receipt names exactly (id, seq, hash)."""
    by_id = _by_id(results)
    found, entries = [], []
    ids = list(by_id)
    with station.engine.connect() as conn:
        for start in range(0, len(ids), outbox_rules.MAX_BATCH):
            rows = conn.execute(
                select(ledger.c.seq, ledger.c.record_id, ledger.c.hash, outbox.c.state)
                .join(outbox, outbox.c.seq == ledger.c.seq)
                .where(ledger.c.record_id.in_(ids[start:start + outbox_rules.MAX_BATCH]),
                       outbox.c.state.in_(outbox_rules.UNSENT))).all()
            for seq, record_id, digest, state in rows:
                entry = by_id[record_id]
                if state == "rejected" and entry["status"] == "rejected":
                    continue  # refused before, refused again: nothing to settle
                if (entry["seq"], entry["hash"]) == (seq, digest):
                    found.append(outbox_rules.Pending(seq, record_id, {}, digest))
                    entries.append(entry)
    return found, entries


def _ours(station, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries naming a record of this ledger with its hash, whatever its state now."""
    by_id = _by_id(results)
    ids, mine = list(by_id), []
    with station.engine.connect() as conn:
        for start in range(0, len(ids), outbox_rules.MAX_BATCH):
            for record_id, digest in conn.execute(select(ledger.c.record_id, ledger.c.hash).where(
                    ledger.c.record_id.in_(ids[start:start + outbox_rules.MAX_BATCH]))):
                if by_id[record_id]["hash"] == digest:
                    mine.append(by_id[record_id])
    return mine


def import_receipt(station, path: Path | str, *, via: str = "cli", now: datetime | None = None) -> ReceiptApplied:
    path = Path(path)
    document, chain = verify_receipt(station, _read_token(path))
    issued = _check_for_us(station, document)
    try:
        results = fmt.check_results(document.get("results"))
    except AnswerRefused as exc:
        raise ReceiptRefused("malformed", str(exc)) from None
    activities, keys, revocations = _central_state(document)

    answer_trust.save(station.meta, chain)
    records, entries = _answered_records(station, results)
    tally = outbox_rules.apply_answers(station.engine, records, entries, now, states=outbox_rules.UNSENT)
    held = station.meta.get(pulls.META_CENTRAL_STATE_AT)
    newer = not held or issued > datetime.fromisoformat(held)  # both the central's clock
    taken = 0
    if newer:
        taken = pulls.store_activities(station, activities)
        pulls.store_keys(station, keys)
        pulls.store_revocations(station, revocations["subjects"], revocations.get("updated_at"))
        station.reload_trust()
        station.meta.set(pulls.META_ACTIVITIES_SINCE, document["issued_at"])
        pulls.note_central_state(station, document["issued_at"])
    station.meta.set(META_RECEIPT_AT, document["issued_at"])
    station.meta.set(META_RECEIPT_ID, str(document.get("receipt_id")))
    purged = purge_expired_details(station)
    mine = _ours(station, results)
    counts = {status: sum(1 for r in mine if r["status"] == status) for status in fmt.STATUSES}
    AuditLog.for_data_dir(station.root).append("receipt_imported", records=len(mine), count=tally.settled, via=via)
    return ReceiptApplied(
        settled=tally.settled, accepted=counts["accepted"], duplicates=counts["duplicate"],
        rejected=counts["rejected"], pending=outbox_rules.pending_count(station.engine), purged=purged,
        activities=taken, central_state="applied" if newer else "kept", issued_at=document["issued_at"])

