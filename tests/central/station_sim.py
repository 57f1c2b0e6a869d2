"""A minimal station for the central's tests: a real device key and a real signed chain, built
with furusato.ledger_record exactly as desktop/store/ledger.py builds its records."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from datetime import UTC, datetime

from jwt.api_jws import PyJWS

from furusato import ledger_record as rec
from furusato.keys import SigningKey


class StationSim:
    def __init__(self, device_id: str | None = None):
        self.key = SigningKey.generate()
        self.device_id = device_id or f"dev-{uuid.uuid4()}"
        self.seq = 0
        self.prev = rec.GENESIS

    def public_jwk(self) -> dict:
        return self.key.public_jwk()

    def record(
        self, *, activity: str, day: str, person: str, record_type: str = "checkin",
        details: dict | None = None, extra: dict | None = None, advance: bool = True,
    ) -> dict:
        seq = self.seq + 1
        record_id = str(uuid.uuid4())
        salted = pii = None
        if details is not None:
            salted = {**details, "salt": secrets.token_hex(16)}
            pii = rec.details_digest(salted)
        body = {
            "v": rec.FORMAT_VERSION, "device": self.device_id, "seq": seq, "prev": self.prev,
            "id": record_id, "type": record_type, "activity": activity, "day": day,
            "at": f"{day}T10:00:00+09:00", "person": person, "pii": pii, **(extra or {}),
        }
        payload = rec.canonical(body)
        if advance:
            self.seq, self.prev = seq, rec.digest(payload)
        return {
            "payload": payload.decode("utf-8"),
            "sig": rec.sign_detached(payload, self.key.private_key, self.key.kid),
            "details": salted,
        }

    def bundle(self, records: list[dict]) -> str:
        body = {
            "format": "frr-bundle", "version": 1, "device_id": self.device_id,
            "public_jwk": self.public_jwk(), "records": records,
            "created_at": datetime.now(UTC).isoformat(),
        }
        return PyJWS().encode(
            json.dumps(body, ensure_ascii=False).encode("utf-8"), self.key.private_key, algorithm="EdDSA",
            headers={"typ": "frr-bundle+jws", "kid": self.key.kid},
        )


def station_time(offset_seconds: float = 0) -> str:
    return datetime.fromtimestamp(time.time() + offset_seconds, UTC).isoformat()
