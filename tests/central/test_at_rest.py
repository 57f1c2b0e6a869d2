"""A stolen central database reveals no personal value and cannot sign a card (central/vault.py).

A real central (on loopback, SQLite and PostgreSQL) takes a real station's hand-recorded check-ins
with personal details, issues a card (its platform key) and files hand-recorded people under its own
pseudonym (its secret). Then the raw bytes of everything the database is made of — SQLite's file,
WAL and shared memory while it runs and after; PostgreSQL's rows as text and, where this machine
lets us read them, the database's own files and WAL segments — are searched for every personal
value (UTF-8, UTF-16, JSON escapes) and for the private key and the secret in every form they take.
Without the master key the database opens nothing; with it, everything reads back. Rotating the
master key (the real command) rewraps the keys and nothing is lost; an older database's plain rows
are sealed when it is first opened.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from cryptography.hazmat.primitives import serialization
from sqlalchemy import create_engine, insert, inspect, select, text

from central import admin, answer_signing, manual_identity, master_key, platform_keys, record_details, vault
from central.console import signer
from central.store.db import _alembic_config, open_engine
from central.store.tables import central_secrets, data_keys, devices, records
from central.store.tables import platform_keys as platform_keys_table
from furusato.keys import SigningKey
from furusato.ledger_record import GENESIS
from tests.central.conftest import LG
from tests.central.server import backends, database_url
from tests.central.station_sim import StationSim

ROOT = Path(__file__).resolve().parents[2]


def _person() -> dict[str, str]:
    tag = secrets.token_hex(4)
    return {"name": f"硝子島 瑠璃子{tag}", "name_kana": f"ガラスジマ ルリコ{tag}", "birth_date": "1987-03-14",
            "phone": f"090-{secrets.randbelow(9000) + 1000}-{secrets.randbelow(9000) + 1000}",
            "email": f"ruriko.{tag}@example.jp", "address": f"新潟県十日町市松代{tag}番地", "postal_code": "942-1526"}


def _forms(value: str) -> list[bytes]:
    forms = {value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be"),
             json.dumps(value).encode("ascii")[1:-1]}
    return [f for f in forms if len(f) >= 6]


def _secret_forms(key: SigningKey, secret: bytes) -> dict[str, bytes]:
    raw = key.private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                        serialization.NoEncryption())
    pem = key.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    body = b"".join(pem.splitlines()[1:-1])
    return {"seed": raw, "seed b64url": base64.urlsafe_b64encode(raw).rstrip(b"="), "pem body": body,
            "pem": pem, "secret": secret, "secret hex": secret.hex().encode()}


def _grep(blobs: dict[str, bytes], needles: dict[str, list[bytes]]) -> list[str]:
    found = []
    for where, data in blobs.items():
        for what, forms in needles.items():
            if any(form in data for form in forms):
                found.append(f"{what} in {where}")
    return found


def _fill(engine) -> dict:
    """A station's records with details, a card, a hand-recorded person's pseudonym."""
    station = StationSim()
    people = [_person() for _ in range(5)]
    marker = f"雪下ろし-{secrets.token_hex(6)}"  # kept in the clear on purpose: proves the search sees the bytes
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, id="snow-1", title=marker, kind="designated_project", venue=LG,
                              start="2026-12-01T08:00", end="2026-12-20T17:00")
        from central import enrollment, ingest

        code = enrollment.new_code(conn, LG)["code"]
        enrollment.enroll(conn, code, station.device_id, station.public_jwk(), "at-rest")
        wires = [station.record(activity="snow-1", day="2026-12-05", person=f"manual:{i:064x}", details=p)
                 for i, p in enumerate(people)]
        results = ingest.ingest_batch(conn, station.device_id, wires)
        assert [r["status"] for r in results] == ["accepted"] * len(people)
        key = platform_keys.active_key(conn)
        secret = manual_identity.secret(conn)
        console_key = signer.signer_for(conn, LG).key  # the console's signer for the LG (activity codes)
        answer_key = answer_signing.active_key(conn)  # signs the answers stations settle records on
    return {"people": people, "key": key, "secret": secret, "ids": [r["id"] for r in results], "wires": wires,
            "marker": marker, "console_key": console_key, "answer_key": answer_key}


def _needles(filled: dict) -> dict[str, list[bytes]]:
    needles = {f"{field} of person {i}": _forms(value) for i, p in enumerate(filled["people"])
               for field, value in p.items() if field not in ("birth_date", "postal_code")}
    needles.update({k: [v] for k, v in _secret_forms(filled["key"], filled["secret"]).items()})
    if "console_key" in filled:
        needles.update({f"console {k}": [v] for k, v in _secret_forms(filled["console_key"], b"").items()
                        if "secret" not in k})
    if "answer_key" in filled:
        needles.update({f"answer key {k}": [v] for k, v in _secret_forms(filled["answer_key"], b"").items()
                        if "secret" not in k})
    return needles


def _sqlite_files(db_file: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db_file.parent.glob(db_file.name + "*")
            if not p.name.endswith(master_key.DEFAULT_FILE_SUFFIX)}


@pytest.mark.parametrize("kind", backends())
def test_a_copy_of_the_database_reveals_no_personal_value_and_cannot_sign(kind, tmp_path):
    with database_url(kind, tmp_path) as url:
        engine = open_engine(url)
        filled = _fill(engine)
        needles = _needles(filled)
        # The self-check: the needles are found where they are kept in the clear on purpose.
        key_file = master_key.default_file(url)
        assert _grep({"the details as sent": json.dumps(filled["wires"], ensure_ascii=False).encode()}, needles)
        assert key_file.stat().st_mode & 0o777 == 0o600

        if kind == "sqlite":
            db_file = tmp_path / "central.sqlite3"
            live = _sqlite_files(db_file)  # copied while the central has it open (WAL not checkpointed)
            assert any(name.endswith("-wal") for name in live) and sum(map(len, live.values())) > 10_000
            engine.dispose()
            blobs = {**{f"live {k}": v for k, v in live.items()},
                     **{f"cold {k}": v for k, v in _sqlite_files(db_file).items()}}
        else:
            blobs = _postgres_bytes(engine)
            engine.dispose()
        leaks = _grep(blobs, needles)
        assert not leaks, leaks
        files = {k: v for k, v in blobs.items() if "rows of" not in k}
        assert _grep(files or blobs, {"marker": _forms(filled["marker"])}), "the search saw no plain bytes"

        # Without the master key nothing opens: no details, no signing key, no pseudonym secret.
        stranger = open_engine(url, master_key=master_key.KeyRing.single(secrets.token_bytes(32), "test"))
        with stranger.connect() as conn:
            row = conn.execute(select(records.c.record_id, records.c.details)).first()
            with pytest.raises(vault.VaultError):
                record_details.from_stored(conn, row.record_id, row.details)
            with pytest.raises(vault.VaultError):
                platform_keys.active_key(conn, create=False)
            with pytest.raises(vault.VaultError):
                manual_identity.secret(conn)
            with pytest.raises(vault.VaultError):
                signer.signer_for(conn, LG)
            answer_signing._loaded.clear()  # this process's cache holds the key: the stranger must not use it
            with pytest.raises(vault.VaultError):
                answer_signing.active_key(conn, create=False)
        stranger.dispose()

        # With it, everything reads back; a blob moved to another record does not open.
        engine = open_engine(url)
        with engine.connect() as conn:
            stored = dict(conn.execute(select(records.c.record_id, records.c.details)).all())
            for record_id, wire in zip(filled["ids"], filled["wires"], strict=True):
                assert record_details.from_stored(conn, record_id, stored[record_id]) == wire["details"]
            first, second = filled["ids"][:2]
            with pytest.raises(vault.VaultError):
                record_details.from_stored(conn, second, stored[first])
            assert platform_keys.active_key(conn, create=False).kid == filled["key"].kid
            assert manual_identity.secret(conn) == filled["secret"]
            assert signer.signer_for(conn, LG).key.kid == filled["console_key"].kid
            answer_signing._loaded.clear()  # opened again from the stored blob, not from this process's cache
            assert answer_signing.active_key(conn, create=False).kid == filled["answer_key"].kid
            assert conn.execute(select(data_keys.c.lg_code)).scalars().all() == [LG]
        engine.dispose()


def _postgres_bytes(engine) -> dict[str, bytes]:
    """Every row of every table as PostgreSQL prints it, and the database's files and WAL where readable."""
    blobs = {}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            rows = conn.execute(text(f'SELECT t::text FROM "{table}" t')).scalars().all()
            blobs[f"rows of {table}"] = "\n".join(rows).encode("utf-8")
        oid = conn.execute(text("SELECT oid FROM pg_database WHERE datname = current_database()")).scalar()
    data_dir = _pg_data_dir()
    if data_dir is not None:
        subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-qc", "CHECKPOINT"], capture_output=True)
        for folder in (data_dir / "base" / str(oid), data_dir / "pg_wal"):
            for path in folder.iterdir():
                if path.is_file():
                    blobs[str(path)] = path.read_bytes()
    return blobs


def _pg_data_dir() -> Path | None:
    """The cluster's data directory when this machine's PostgreSQL is the Debian one and readable."""
    if not shutil.which("pg_lsclusters"):
        return None
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()
    if len(listed) < 6:
        return None
    folder = Path(listed[5])
    return folder if os.access(folder / "base", os.R_OK) else None


def _cli(*args: str, env: dict | None = None) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "-m", "central", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout.splitlines()[-1])


def test_rotating_the_master_key_rewraps_everything_and_loses_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    engine = open_engine(url)
    filled = _fill(engine)
    engine.dispose()
    key_file = master_key.default_file(url)
    before = master_key.KeyFile.load(key_file)

    code, out = _cli("--db", url, "rotate-master-key")
    assert code == 0 and out["previous"] == before.key_id != out["master_key"], out
    assert out["rewrapped"] == {"data_keys": 1, "platform_keys": 1, "console_signers": 1, "answer_keys": 1,
                               "secrets": 1}
    after = master_key.KeyFile.load(key_file)
    assert after.key_ids == (out["master_key"],) and key_file.stat().st_mode & 0o777 == 0o600

    engine = open_engine(url)
    with engine.connect() as conn:
        for column in (data_keys.c.wrapped, platform_keys_table.c.private_pem, central_secrets.c.value):
            assert {master_key.blob_key_id(b) for b in conn.execute(select(column)).scalars()} == {after.key_id}
        stored = dict(conn.execute(select(records.c.record_id, records.c.details)).all())
        assert [record_details.from_stored(conn, i, stored[i]) for i in filled["ids"]] == \
            [w["details"] for w in filled["wires"]]
        assert platform_keys.active_key(conn, create=False).kid == filled["key"].kid
    engine.dispose()
    # The old key opens nothing any more.
    old_only = open_engine(url, master_key=before)
    with old_only.connect() as conn, pytest.raises(vault.VaultError):
        platform_keys.active_key(conn, create=False)
    old_only.dispose()

    # To another file: then that file is the key.
    other = tmp_path / "elsewhere" / "master.key"
    code, out = _cli("--db", url, "rotate-master-key", "--to-file", str(other))
    assert code == 0 and "FURUSATO_CENTRAL_MASTER_KEY_FILE" in out["next"]
    code, keys = _cli("--db", url, "keys", env={master_key.ENV_FILE: str(other)})
    assert code == 0 and keys["keys"][0]["kid"] == filled["key"].kid
    # A key from the environment cannot be rotated in place: a usage error naming the option.
    env_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    code, out = _cli("--db", f"sqlite:///{tmp_path / 'other.sqlite3'}", "rotate-master-key",
                     env={master_key.ENV_KEY: env_key})
    assert code == 2 and out["field"] == "--to-file"


def test_an_older_database_is_sealed_when_first_opened(tmp_path):
    """Schema 0002 with plain details, a plain PEM and a hex secret, as the previous version wrote them."""
    db_file = tmp_path / "central.sqlite3"
    url = f"sqlite:///{db_file}"
    old = create_engine(url)
    config = _alembic_config()
    person, key, secret = _person(), SigningKey.generate(), secrets.token_bytes(32)
    pem = key.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()).decode()
    with old.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(text("INSERT INTO local_governments (code, name, required, consecutive_days_each_count, "
                          "auto_approve) VALUES (:c, '札幌市', 3, 0, 0)"), {"c": LG})
        conn.execute(insert(devices).values(id="dev-old", kid="k", public_jwk={}, lg_code=LG, label="", status="active",
                                            last_seq=1, last_hash=GENESIS, enrolled_at="2026-12-01T00:00:00+00:00"))
        conn.execute(insert(records).values(
            record_id="rec-old", device_id="dev-old", seq=1, hash="h" * 64, payload="{}", sig="s", details=person,
            type="checkin", activity_id="snow-1", day="2026-12-05", person="manual:x",
            station_at="2026-12-05T10:00:00+09:00", received_at="2026-12-05T10:00:00+00:00", flags=[]))
        conn.execute(insert(platform_keys_table).values(kid=key.kid, private_pem=pem, public_jwk=key.public_jwk(),
                                                        created_at="2026-12-01T00:00:00+00:00"))
        conn.execute(insert(central_secrets).values(name=manual_identity.SECRET_NAME, value=secret.hex()))
    old.dispose()
    # The self-check: the old file does hold the details, the key and the secret in the clear.
    needles = _needles({"people": [person], "key": key, "secret": secret})
    before = _grep(_sqlite_files(db_file), needles)
    assert "name of person 0" in " ".join(before) and "pem body" in " ".join(before), before

    engine = open_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(select(records.c.details)).scalar_one()
        assert isinstance(stored, str) and record_details.from_stored(conn, "rec-old", stored) == person
        assert platform_keys.active_key(conn, create=False).kid == key.kid
        assert manual_identity.secret(conn) == secret
    engine.dispose()
    leaks = _grep(_sqlite_files(db_file), needles)
    assert not leaks, leaks


def test_a_data_key_made_in_a_transaction_that_rolled_back_seals_nothing_later(tmp_path):
    """The first record of a local government makes its data key inside the batch's transaction; if
    that transaction rolls back, the next batch must make (or find) a key that exists, not reuse one
    remembered from the transaction that never happened."""
    engine = open_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG)
    details = {"name": "巻き戻し 太郎"}
    conn = engine.connect()
    transaction = conn.begin()
    lost = record_details.to_stored(conn, LG, "rec-1", details)
    transaction.rollback()
    conn.close()
    with engine.begin() as conn:
        kept = record_details.to_stored(conn, LG, "rec-2", details)
    assert lost.split(":")[1] != kept.split(":")[1]
    with engine.connect() as conn:
        assert record_details.from_stored(conn, "rec-2", kept) == details
        assert conn.execute(select(data_keys.c.id)).scalars().all() == [kept.split(":")[1]]
    engine.dispose()
