"""Protection at rest on the central: what a copy of its database (and its WAL) cannot give away.

- **Personal details** of a record are sealed with AES-256-GCM under the data key of the local
  government whose station sent it (one random 256-bit key per local government, `data_keys`),
  a fresh 96-bit nonce, and the record id as associated data (a blob moved to another record
  does not open): the stored value is the JSON string `d1:<data key id>:<base64url nonce+ct>`.
- **Data keys, the platform's card-signing private keys, the console's per-LG signing keys and the
  central's secrets** are wrapped by the operator's master key (`central.master_key`):
  `mk1:<master key id>:<…>`, each bound to a label naming what it is (`data-key/v1|<lg>|<id>`,
  `platform-key/v1|<kid>`, `console-signer/v1|<device id>`, `central-secret/v1|<name>`). Rotating
  the master key rewraps those rows and nothing else.

`attach(engine, master)` gives an engine its vault (`open_engine` does it), `of(conn)` finds it.
`seal_existing` seals what an older version stored in the clear, once per database.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import weakref
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, select, text, update
from sqlalchemy.engine import Connection

from central import clock
from central.master_key import MasterKey, MasterKeyError, blob_key_id
from central.store.db import insert_missing
from central.store.tables import (
    answer_keys,
    central_secrets,
    console_signers,
    data_keys,
    platform_keys,
    records,
    vault_state,
)
from furusato.ledger_record import canonical

DETAILS_PREFIX = "d1"
SEALED_FLAG = "sealed/v1"


class VaultError(ValueError):
    """A sealed value that does not open (wrong key, edited, moved to another record)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text_: str) -> bytes:
    return base64.urlsafe_b64decode(text_ + "=" * (-len(text_) % 4))


def data_key_label(lg_code: str, key_id: str) -> str:
    return f"data-key/v1|{lg_code}|{key_id}"


def platform_key_label(kid: str) -> str:
    return f"platform-key/v1|{kid}"


def secret_label(name: str) -> str:
    return f"central-secret/v1|{name}"


def console_signer_label(device_id: str) -> str:
    return f"console-signer/v1|{device_id}"


def answer_key_label(kid: str) -> str:
    return f"answer-key/v1|{kid}"


class Vault:
    def __init__(self, master: MasterKey) -> None:
        self.master = master
        self._by_id: dict[str, AESGCM] = {}  # unwrapped data keys (harmless to keep: ids are random)
        # Which key seals for an LG is remembered per transaction only: a key made in a transaction
        # that then rolls back must never seal anything in a later one.
        self._by_transaction: dict[tuple[int, str], tuple[Any, str, AESGCM]] = {}
        self._lock = threading.Lock()

    # --- data keys -----------------------------------------------------------------------------

    def _data_key(self, conn: Connection, lg_code: str) -> tuple[str, AESGCM]:
        transaction = conn.get_transaction()
        memo = (id(transaction), lg_code)
        found = self._by_transaction.get(memo)
        if found is not None and found[0] is transaction:
            return found[1], found[2]
        row = conn.execute(select(data_keys).where(data_keys.c.lg_code == lg_code)).first()
        if row is None:
            key_id, key = secrets.token_hex(8), secrets.token_bytes(32)
            insert_missing(conn, data_keys, [{
                "id": key_id, "lg_code": lg_code, "wrapped": self.master.wrap(key, data_key_label(lg_code, key_id)),
                "created_at": clock.iso()}])
            row = conn.execute(select(data_keys).where(data_keys.c.lg_code == lg_code)).one()
        aead = self._by_id.get(row.id) or self._open_row(row)
        with self._lock:
            if len(self._by_transaction) >= 64:
                self._by_transaction.clear()
            self._by_transaction[memo] = (transaction, row.id, aead)
        return row.id, aead

    def _data_key_by_id(self, conn: Connection, key_id: str) -> AESGCM:
        found = self._by_id.get(key_id)
        if found is not None:
            return found
        row = conn.execute(select(data_keys).where(data_keys.c.id == key_id)).first()
        if row is None:
            raise VaultError(f"sealed under data key {key_id}, which this database does not hold")
        return self._open_row(row)

    def _open_row(self, row) -> AESGCM:
        try:
            aead = AESGCM(self.master.unwrap(row.wrapped, data_key_label(row.lg_code, row.id)))
        except MasterKeyError as exc:
            raise VaultError(f"the data key of {row.lg_code} does not open: {exc}") from exc
        with self._lock:
            self._by_id[row.id] = aead
        return aead

    # --- personal details ----------------------------------------------------------------------

    def seal_details(self, conn: Connection, lg_code: str, record_id: str, details: Mapping[str, Any], *,
                     plain: bytes | None = None) -> str:
        """`plain`: the details' canonical JSON (furusato.ledger_record.canonical) when already made."""
        key_id, aead = self._data_key(conn, lg_code)
        if plain is None:
            plain = canonical(details)
        nonce = secrets.token_bytes(12)
        return f"{DETAILS_PREFIX}:{key_id}:{_b64(nonce + aead.encrypt(nonce, plain, _details_aad(record_id)))}"

    def open_details(self, conn: Connection, record_id: str, stored: str) -> dict[str, Any]:
        parts = stored.split(":")
        if len(parts) != 3 or parts[0] != DETAILS_PREFIX:
            raise VaultError("not sealed details")
        aead = self._data_key_by_id(conn, parts[1])
        try:
            raw = _unb64(parts[2])
            plain = aead.decrypt(raw[:12], raw[12:], _details_aad(record_id))
        except (InvalidTag, ValueError) as exc:
            raise VaultError(f"the details of record {record_id} do not open (altered or moved)") from exc
        return json.loads(plain)

    # --- keys and secrets under the master key -------------------------------------------------

    def wrap(self, secret: bytes, label: str) -> str:
        return self.master.wrap(secret, label)

    def unwrap(self, blob: str, label: str) -> bytes:
        try:
            return self.master.unwrap(blob, label)
        except MasterKeyError as exc:
            raise VaultError(str(exc)) from exc

    def wrap_signing_key(self, key, label: str) -> str:
        """A private signing key (furusato.keys.SigningKey) as it is stored: its PEM, wrapped."""
        from central.platform_keys import private_pem

        return self.wrap(private_pem(key).encode("ascii"), label)

    def open_signing_key(self, stored: str, label: str):
        """The SigningKey of a stored value; a plain PEM written before sealing still opens (until
        `seal_existing` has wrapped it)."""
        from central.platform_keys import load_private_pem

        return load_private_pem(self.unwrap(stored, label).decode("ascii") if is_wrapped(stored) else stored)


def _details_aad(record_id: str) -> bytes:
    return b"details/v1|" + record_id.encode("utf-8")


_VAULTS: weakref.WeakKeyDictionary[Engine, Vault] = weakref.WeakKeyDictionary()


def attach(engine: Engine, master: MasterKey) -> Vault:
    vault = Vault(master)
    _VAULTS[engine] = vault
    return vault


def of(conn: Connection) -> Vault:
    try:
        return _VAULTS[conn.engine]
    except KeyError:
        raise VaultError("this database was opened without a master key (central.store.db.open_engine)") from None


def is_wrapped(value: Any) -> bool:
    return isinstance(value, str) and blob_key_id(value) is not None


# --- what an older version stored in the clear ----------------------------------------------------


# What the master key wraps besides the data keys: (table, count name, key column, blob column, label).
_WRAPPED = (
    (platform_keys, "platform_keys", platform_keys.c.kid, platform_keys.c.private_pem,
     lambda r: platform_key_label(r.kid)),
    (console_signers, "console_signers", console_signers.c.device_id, console_signers.c.private_pem,
     lambda r: console_signer_label(r.device_id)),
    (answer_keys, "answer_keys", answer_keys.c.kid, answer_keys.c.private_pem,
     lambda r: answer_key_label(r.kid)),
    (central_secrets, "secrets", central_secrets.c.name, central_secrets.c.value,
     lambda r: secret_label(r.name)),
)


def seal_existing(engine: Engine, vault: Vault) -> dict[str, int]:
    """Seal plain details, wrap plain platform, console and answer keys and secrets: once per database (recorded in
    `vault_state`), in one transaction. On SQLite the freed pages are then overwritten and the WAL
    truncated, so the plain bytes do not linger in the file (secure_delete + VACUUM)."""
    with engine.connect() as conn:
        if conn.execute(select(vault_state.c.value).where(vault_state.c.name == SEALED_FLAG)).first():
            return {}
    counts = {"details": 0, "platform_keys": 0, "console_signers": 0, "answer_keys": 0, "secrets": 0}
    with engine.begin() as conn:
        if conn.execute(select(vault_state.c.value).where(vault_state.c.name == SEALED_FLAG)).first():
            return {}
        devices_lg = dict(conn.execute(text("SELECT id, lg_code FROM devices")).all())
        rows = conn.execute(select(records.c.record_id, records.c.device_id, records.c.details)
                            .where(records.c.details.is_not(None))).all()
        for row in rows:
            if isinstance(row.details, Mapping):
                sealed = vault.seal_details(conn, devices_lg[row.device_id], row.record_id, row.details)
                conn.execute(update(records).where(records.c.record_id == row.record_id).values(details=sealed))
                counts["details"] += 1
        for table, name, key_column, blob_column, label_of in _WRAPPED:
            for row in conn.execute(select(key_column, blob_column)).all():
                blob = getattr(row, blob_column.name)
                if not is_wrapped(blob):
                    wrapped = vault.wrap(blob.encode("ascii"), label_of(row))
                    conn.execute(update(table).where(key_column == getattr(row, key_column.name))
                                 .values({blob_column.name: wrapped}))
                    counts[name] += 1
        insert_missing(conn, vault_state, [{"name": SEALED_FLAG, "value": clock.iso()}])
    if any(counts.values()) and engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # outside any transaction: VACUUM cannot run inside one
        try:
            cursor = raw.cursor()
            for statement in ("PRAGMA secure_delete=ON", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
                cursor.execute(statement)
            cursor.close()
        finally:
            raw.close()
    elif any(counts.values()) and engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("records", "platform_keys", "console_signers", "answer_keys", "central_secrets"):
                conn.exec_driver_sql(f"VACUUM FULL {table}")
    return counts


def rewrap(conn: Connection, old: MasterKey, new: MasterKey) -> dict[str, int]:
    """Every blob under `old` wrapped again under `new`, in the caller's transaction."""
    counts = {"data_keys": 0, "platform_keys": 0, "console_signers": 0, "answer_keys": 0, "secrets": 0}
    jobs = ((data_keys, "data_keys", data_keys.c.id, data_keys.c.wrapped, lambda r: data_key_label(r.lg_code, r.id)),
            *_WRAPPED)
    for table, name, key_column, blob_column, label_of in jobs:
        for row in conn.execute(select(table).with_for_update()).all():
            blob, label = getattr(row, blob_column.name), label_of(row)
            fresh = new.wrap(old.unwrap(blob, label), label)
            conn.execute(update(table).where(key_column == getattr(row, key_column.name))
                         .values({blob_column.name: fresh}))
            counts[name] += 1
    return counts
