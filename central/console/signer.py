"""The central's own signer for a local government: a device of kind `console`.

Activity codes (CONTRACTS §1) are signed by a device key and name the device in `iss`; a station
signs the codes of the activities it shows. An activity made in the console has no station, so
the central keeps one device per local government, `console-<code>`, enrolled like a station
(its public key in `devices`, its private key in `console_signers`). It signs

- the activity codes and posters of the console's activities: `iss` is the console device and
  `kid` its key, so whoever checks activity codes against enrolled devices' keys (phones' self
  check-ins) checks these the same way;
- the records typed in the console (records kept before the system, III-3-2 STEP2): signed ledger
  records on the console device's own chain, ingested by exactly the rules a station's records meet.

Like the platform keys, the private key sits in the database wrapped under the master key
(central/vault.py, label `console-signer/v1|<device id>`): a copy of the database cannot sign.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import clock, vault
from central.store.db import insert_missing
from central.store.tables import console_signers, devices
from furusato import ledger_record as rec
from furusato.activity_token import issue_activity_code
from furusato.keys import SigningKey

KIND = "console"
LABEL = "管理画面 (console)"


@dataclass(frozen=True)
class Signer:
    device_id: str
    key: SigningKey


def device_id_for(lg_code: str) -> str:
    return f"console-{lg_code}"


def signer_for(conn: Connection, lg_code: str) -> Signer:
    """The local government's console device, created on first use."""
    row = conn.execute(select(console_signers).where(console_signers.c.lg_code == lg_code)).first()
    if row is None:
        key = SigningKey.generate()
        device_id = device_id_for(lg_code)
        insert_missing(conn, devices, [{
            "id": device_id, "kid": key.kid, "public_jwk": key.public_jwk(), "lg_code": lg_code, "label": LABEL,
            "status": "active", "last_seq": 0, "last_hash": rec.GENESIS, "enrolled_at": clock.iso(), "kind": KIND,
        }])
        wrapped = vault.of(conn).wrap_signing_key(key, vault.console_signer_label(device_id))
        insert_missing(conn, console_signers, [{"device_id": device_id, "lg_code": lg_code, "private_pem": wrapped}])
        row = conn.execute(select(console_signers).where(console_signers.c.lg_code == lg_code)).one()
    return Signer(row.device_id,
                  vault.of(conn).open_signing_key(row.private_pem, vault.console_signer_label(row.device_id)))


def activity_code(signer: Signer, activity: Mapping[str, Any]) -> str:
    """The activity code of a catalogue activity (admin.activity_json shape), signed by the console."""
    return issue_activity_code(
        signer.key, device_id=signer.device_id, activity_id=activity["id"], lg=activity["venue"],
        title=activity["title"], nbf=int(clock.parse(activity["start"]).timestamp()),
        exp=int(clock.parse(activity["end"]).timestamp()),
    )


def records(conn: Connection, signer: Signer, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Signed check-in records after the console device's chain tail, in the wire shape a station sends.

    Each entry: `activity`, `day` (date), `at` (aware datetime), `person`, `details` (or None),
    `extra` (merged into the payload, as a station's `manual` facts are)."""
    tail = conn.execute(select(devices.c.last_seq, devices.c.last_hash)
                        .where(devices.c.id == signer.device_id).with_for_update()).one()
    seq, prev = tail.last_seq, tail.last_hash
    wire = []
    for entry in entries:
        seq += 1
        salted = pii = None
        if entry.get("details") is not None:
            # The salt keeps the digest in the payload from confirming a guessed name and birth date.
            salted = {**entry["details"], "salt": secrets.token_hex(16)}
            pii = rec.details_digest(salted)
        day: date = entry["day"]
        at: datetime = entry["at"]
        body = {
            "v": rec.FORMAT_VERSION, "device": signer.device_id, "seq": seq, "prev": prev,
            "id": str(uuid.uuid4()), "type": "checkin", "activity": entry["activity"], "day": day.isoformat(),
            "at": at.isoformat(), "person": entry["person"], "pii": pii, **(entry.get("extra") or {}),
        }
        payload = rec.canonical(body)
        prev = rec.digest(payload)
        wire.append({"payload": payload.decode("utf-8"),
                     "sig": rec.sign_detached(payload, signer.key.private_key, signer.key.kid), "details": salted})
    return wire
