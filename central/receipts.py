"""The receipt a bundle import writes for the station to carry home (`import-bundle FILE --receipt OUT`).

A compact JWS (typ `frr-receipt+jws`) signed by the active answer key, with the answer-key chain in
its protected header, over the per-record answers of the import — the same entries a sync's signed
answer holds — plus the station's catalogue, the platform keys and the revocations as they stand
(furusato/answer_signing.py). It is built in the import's own transaction, so it says exactly what
that transaction stored; the caller writes it only after the commit, so a receipt never vouches for
records that a failed commit did not keep.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import admin, answer_signing, platform_keys
from central.bundles import open_bundle, summarise
from central.ingest import ingest_batch
from central.store.tables import devices, local_governments
from furusato import answer_signing as fmt


def build_receipt(conn: Connection, bundle: dict[str, Any], results: list[dict[str, Any]]) -> str:
    device = conn.execute(select(devices.c.id, devices.c.lg_code).where(devices.c.id == bundle["device_id"])).one()
    lg_name = conn.execute(select(local_governments.c.name).where(local_governments.c.code == device.lg_code)).scalar()
    document = {
        "format": fmt.RECEIPT_FORMAT, "version": fmt.VERSION, "receipt_id": str(uuid.uuid4()),
        "device_id": device.id, "local_government": {"code": device.lg_code, "name": lg_name},
        "issued_at": datetime.now(UTC).isoformat(), "bundle_created_at": bundle.get("created_at"),
        "results": answer_signing.signed_results(bundle["records"], results),
        "activities": admin.list_activities(conn),
        "platform_keys": platform_keys.public_jwks(conn),
        "revocations": admin.revocations(conn),
    }
    return fmt.sign(answer_signing.active_key(conn), fmt.RECEIPT_TYP, document,
                    headers={"chain": answer_signing.chain(conn)})


def import_with_receipt(conn: Connection, token: str) -> tuple[dict[str, Any], str]:
    """Ingest a bundle as `import_bundle` does; also the receipt for it (write it after committing)."""
    body = open_bundle(conn, token)
    results = ingest_batch(conn, body["device_id"], body["records"])
    return summarise(results), build_receipt(conn, body, results)
