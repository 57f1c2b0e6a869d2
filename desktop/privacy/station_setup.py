"""Bringing an existing data folder under the data key, once, at start.

- `protect_device_key`: re-saves a plain `device_key.pem` encrypted (PKCS#8) under a sub-key of the
  data key, so a copied folder without the passphrase yields no signing key either. Because it
  hangs off the data key, not the passphrase, a passphrase change never touches this file.
- `seal_legacy_details`: encrypts personal-details rows written before encryption was wired in
  (plain canonical JSON), binding each to its record id; secure_delete overwrites the old pages.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select, update

from desktop.privacy.details_cipher import DetailsCipher, is_sealed
from desktop.privacy.key_store import DataKey
from desktop.store.tables import personal_details
from furusato.keys import KeyFileError, SigningKey, load_private_key, save_private_key

DEVICE_KEY_FILE = "device_key.pem"  # = desktop.paths.device_key_file(root).name


def device_key_is_encrypted(path: Path) -> bool:
    return b"ENCRYPTED PRIVATE KEY" in Path(path).read_bytes()


def protect_device_key(root: Path, data_key: DataKey) -> bool:
    """Returns True if the file was rewritten. Refuses a file that opens under neither form."""
    path = Path(root) / DEVICE_KEY_FILE
    if not path.exists() or device_key_is_encrypted(path):
        return False
    key = load_private_key(path)
    save_private_key(key, path, data_key.device_key_passphrase(), overwrite=True)
    return True


def load_device_key(root: Path, data_key: DataKey) -> SigningKey:
    path = Path(root) / DEVICE_KEY_FILE
    try:
        return load_private_key(path, data_key.device_key_passphrase())
    except KeyFileError:
        if device_key_is_encrypted(path):
            raise
        return load_private_key(path)  # not yet protected; protect_device_key will fix it


def seal_legacy_details(engine: Engine, cipher: DetailsCipher) -> int:
    with engine.connect() as conn:
        rows = conn.execute(
            select(personal_details.c.record_id, personal_details.c.details).where(personal_details.c.details.is_not(None))
        ).all()
    legacy = [(rid, text) for rid, text in rows if not is_sealed(text)]
    if not legacy:
        return 0
    with engine.connect().execution_options(write=True) as conn:
        _pragma(conn, "PRAGMA secure_delete=ON")
        try:
            with conn.begin():
                for rid, text in legacy:
                    conn.execute(
                        update(personal_details)
                        .where(personal_details.c.record_id == rid)
                        .values(details=cipher.seal(text.encode("utf-8"), rid))
                    )
        finally:
            _pragma(conn, "PRAGMA secure_delete=OFF")
        _pragma(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
    return len(legacy)


def seal_backup_files(backups: Path, cipher: DetailsCipher) -> int:
    """Seal plaintext details inside `backups/*.sqlite3` made before encryption, then VACUUM each file
    so no free page keeps the old text. Returns the number of rows sealed across all files."""
    from desktop.store.db import make_engine

    total = 0
    for path in sorted(Path(backups).glob("*.sqlite3")):
        engine = make_engine(path)
        try:
            sealed = seal_legacy_details(engine, cipher)
            if sealed:
                with engine.connect() as conn:
                    _pragma(conn, "VACUUM")
                    _pragma(conn, "PRAGMA journal_mode=DELETE")  # leave a single self-contained file
            total += sealed
        finally:
            engine.dispose()
    return total


def _pragma(conn, statement: str) -> None:
    # Straight to the driver, outside any transaction: SQLAlchemy would wrap it in BEGIN, and a
    # WAL checkpoint cannot run from inside a transaction.
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(statement)
        cursor.fetchall()
    finally:
        cursor.close()
