"""`furusato-field status` against a real station and the real central: what it counts when records
wait, are refused, or were answered in a way the station would not believe; and that it needs no
passphrase and refuses a folder from a newer version. Also: a bundle that does not read back."""

from __future__ import annotations

import sqlite3

import pytest

from desktop import paths
from desktop.privacy import key_store
from desktop.station_status import status
from desktop.store import migrate
from desktop.sync.bundle import BundleError, verify_written, write_bundle
from desktop.sync.sync_round import sync_once
from tests.privacy.conftest import FAST, PASSPHRASE
from tests.store.cli_runner import run_cli
from tests.sync.conftest import check_in, client, fast_backoff
from tests.sync.fault_proxy import FaultProxy


def test_status_counts_what_waits_and_why(enrolled, central):
    station = enrolled
    check_in(station, 3)
    first = status(station.root)
    assert (first["pending"], first["sent"], first["unverified_answers"], first["last_error"]) == (3, 0, 0, None)
    assert first["enrolled"] and first["local_government"] == "152102" and first["server"] == central.url
    assert first["details_held"] == 3 and first["ledger_records"] == 3 and first["schema_version"] == migrate.HEAD
    assert first["retention_days"] == 30 and first["answer_keys"] == 1 and first["blocked"] is None

    with FaultProxy(central.port, weights={"ok": 1.0}) as proxy:
        proxy.rewrite_answer = lambda request, body: body.replace(b'"answer":{', b'"dropped":{')
        sync_once(station, client(proxy.url), fast_backoff())
    unverified = status(station.root)
    assert (unverified["pending"], unverified["unverified_answers"], unverified["last_error"]) == (
        3, 3, "unsigned_answer")

    sync_once(station, client(central.url), fast_backoff())
    clean = status(station.root)
    assert (clean["pending"], clean["sent"], clean["unverified_answers"], clean["last_error"]) == (0, 3, 0, None)
    assert clean["last_sync"] and clean["clock_skew_seconds"] is not None

    station.meta.set("retention_days", "60")
    check_in(station, 2, start=3)
    central.forget_device_key(station.signer.device_id)
    sync_once(station, client(central.url), fast_backoff())
    refused = status(station.root)
    assert (refused["rejected"], refused["pending"], refused["retention_days"]) == (2, 0, 60)
    assert refused["blocked"] == {"seq": 4, "reason": "bad_signature", "waiting": 0}


def test_status_needs_no_passphrase_and_creates_nothing(tmp_path):
    fresh = tmp_path / "fresh"
    code, (out,), _ = run_cli(fresh, "status")
    assert code == 0 and out["initialized"] is False and not paths.database_file(fresh).exists()

    protected = tmp_path / "protected"
    code, _, _ = run_cli(protected, "activities")  # a station made the usual way...
    key_store.set_passphrase(protected, PASSPHRASE, scrypt_params=FAST)  # ...then protected
    code, (out,), err = run_cli(protected, "status")  # no FURUSATO_FIELD_PASSPHRASE in the environment
    assert code == 0 and out["protected"] is True and out["initialized"] is True and out["pending"] == 0


def test_status_of_a_folder_from_a_newer_version_is_refused(tmp_path):
    run_cli(tmp_path, "activities")
    with sqlite3.connect(paths.database_file(tmp_path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    code, (out,), _ = run_cli(tmp_path, "status")
    assert code == 1 and out["schema_version"] == "9999_future" and "newer version" in out["error"]


def test_a_bundle_that_does_not_read_back_is_removed(enrolled, tmp_path):
    check_in(enrolled, 2)
    out = tmp_path / "bundle.frr"
    written = write_bundle(enrolled, out)
    data = out.read_bytes()
    assert written.sha256 and verify_written(out, data, enrolled.signing_key.public_key, 2) == written.sha256
    # What the medium gives back is not what was written (a stick that lies about a write):
    out.write_bytes(data[:-10] + b"AAAAAAAAAA")
    with pytest.raises(BundleError, match="differs"):
        verify_written(out, data, enrolled.signing_key.public_key, 2)
    assert not out.exists()
    out.write_bytes(data)
    with pytest.raises(BundleError, match="number of records"):
        verify_written(out, data, enrolled.signing_key.public_key, 3)
    assert not out.exists()


def test_export_into_something_that_is_not_a_folder_says_so(tmp_path):
    run_cli(tmp_path, "activities")
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    code, (out,), _ = run_cli(tmp_path, "export", "--format", "bundle", "--out", not_a_folder / "b.frr")
    assert code == 1 and out["error"] == "bundle_not_written"
