"""A copy of a protected data folder gives away no personal details and no signing key."""

import shutil

import pytest

from desktop.checkin import CheckinService
from desktop.privacy import key_store
from desktop.privacy.details_cipher import DetailsUnreadable
from desktop.privacy.station_setup import load_device_key, seal_legacy_details
from desktop.store.ledger import Ledger
from furusato.keys import KeyFileError, load_private_key
from furusato.outcomes import Outcome
from tests.privacy.conftest import NOW, PASSPHRASE, PERSON, SECRETS


def _needles():
    out = []
    for text in SECRETS:
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


def _leaks(folder):
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        found += [(path.name, needle) for needle in _needles() if needle in raw]
    return found


def _protect(station, data_key):
    # The station already seals with this key and wraps its device key; protecting re-wraps the key only.
    assert data_key.key_id == station.data_key.key_id


def _check_in(station, **overrides):
    result = CheckinService(station).check_in_manual("demo-jichikai", {**PERSON, **overrides}, NOW)
    assert result.outcome is Outcome.RECORDED, result
    return result.record_id


def test_copy_of_a_protected_folder_holds_no_personal_bytes(station, protected_key, tmp_path):
    _protect(station, protected_key)
    record_id = _check_in(station)
    assert station.ledger.details(record_id)["name"] == "山田 太郎"
    assert station.ledger.details(record_id)["birth_date"] == "1990-04-01"

    live_copy = tmp_path / "live-copy"
    shutil.copytree(station.root, live_copy)  # taken while the station is open: WAL and all
    assert _leaks(live_copy) == []
    station.close()
    cold_copy = tmp_path / "cold-copy"
    shutil.copytree(station.root, cold_copy)
    assert _leaks(cold_copy) == []


def test_copy_cannot_be_opened_without_the_passphrase(station, protected_key, tmp_path):
    _protect(station, protected_key)
    record_id = _check_in(station)
    station.close()
    copy = tmp_path / "copy"
    shutil.copytree(station.root, copy)

    with pytest.raises(key_store.PassphraseRequired):
        key_store.unlock(copy, None)
    with pytest.raises(key_store.WrongPassphrase):
        key_store.unlock(copy, "a guess at the passphrase")
    with pytest.raises(KeyFileError):
        load_private_key(copy / "device_key.pem")  # no signing key for forging records either
    (tmp_path / "attacker").mkdir()
    stolen = key_store.create(tmp_path / "attacker", None)  # any other key
    stored = _stored_details(copy, record_id)
    with pytest.raises(DetailsUnreadable):
        _open(stolen.details_cipher(), stored, record_id)

    # With the passphrase, everything opens.
    data_key = key_store.unlock(copy, PASSPHRASE)
    assert load_device_key(copy, data_key).kid == station.signer.kid
    import json

    assert json.loads(_open(data_key.details_cipher(), stored, record_id))["phone"] == "+819012345678"


def _old_station(root):
    """A station as written before encryption: plain details, a plain device key, no format mark."""
    from sqlalchemy import delete

    from desktop.station import Station
    from desktop.store.ledger import PLAIN
    from desktop.store.tables import station_meta
    from furusato.keys import SigningKey, save_private_key

    station = Station.open(root, now=NOW)
    station.ledger = Ledger(station.engine, station.signer, PLAIN)
    record_id = _check_in(station)
    key = SigningKey(station.signer.private_key, station.signer.kid)
    save_private_key(key, root / "device_key.pem", overwrite=True)
    with station.engine.begin() as conn:
        conn.execute(delete(station_meta).where(station_meta.c.key == "details_format"))
    station.close()
    return station, record_id


def test_legacy_plain_rows_are_sealed_when_an_old_station_opens(tmp_path):
    from desktop.privacy.station_setup import device_key_is_encrypted
    from desktop.station import Station

    old, record_id = _old_station(tmp_path / "old")
    assert _leaks(old.root) != []  # the check can see plaintext when it is there
    reopened = Station.open(old.root, now=NOW)
    try:
        assert reopened.ledger.details(record_id)["name"] == "山田 太郎"
        assert reopened.signer.kid == old.signer.kid
        assert seal_legacy_details(reopened.engine, reopened.data_key.details_cipher()) == 0  # done once
    finally:
        reopened.close()
    assert device_key_is_encrypted(old.root / "device_key.pem")
    assert _leaks(old.root) == []


def test_plain_backups_are_sealed(tmp_path):
    import sqlite3

    from desktop.privacy.station_setup import seal_backup_files

    old, record_id = _old_station(tmp_path / "old")
    backups = old.root / "backups"
    with sqlite3.connect(old.root / "station.sqlite3") as source, sqlite3.connect(backups / "station-0001-x.sqlite3") as copy:
        source.backup(copy)
    assert _leaks(backups) != []
    cipher = old.data_key.details_cipher()
    assert seal_backup_files(backups, cipher) == 1
    assert _leaks(backups) == []
    stored = _stored_details_file(backups / "station-0001-x.sqlite3", record_id)
    assert b"1990-04-01" in cipher.unseal(stored, record_id)


def _stored_details_file(path, record_id):
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT details FROM personal_details WHERE record_id = ?", (record_id,)).fetchone()[0]


def _stored_details(root, record_id):
    import sqlite3

    with sqlite3.connect(root / "station.sqlite3") as conn:
        return conn.execute("SELECT details FROM personal_details WHERE record_id = ?", (record_id,)).fetchone()[0]


def _open(cipher, stored, record_id):
    return cipher.unseal(stored, record_id)
