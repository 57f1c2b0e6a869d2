import json

import pytest

from central.bundles import import_bundle
from desktop.privacy import station_setup
from desktop.sync.bundle import BundleError, BundleTooLarge, read_bundle, write_bundle
from desktop.sync.sync_round import sync_once
from furusato import ledger_record as rec
from furusato.keys import generate_key
from tests.sync.conftest import check_in, client, fast_backoff


def test_bundle_round_trip_verifies_and_ingests_like_a_sync(enrolled, central, tmp_path):
    station = enrolled
    ids = check_in(station, 5)
    out = tmp_path / "bundle.frr"
    written = write_bundle(station, out)
    assert written.records == 5 and (written.first_seq, written.last_seq) == (1, 5)
    device_key = station_setup.load_device_key(station.root, station.data_key)
    doc = read_bundle(out, expected_key=device_key.public_key)
    assert doc["format"] == "frr-bundle" and doc["version"] == 1
    assert doc["device_id"] == station.signer.device_id and doc["public_jwk"] == device_key.public_jwk()
    assert [json.loads(r["payload"])["id"] for r in doc["records"]] == ids
    for r in doc["records"]:
        assert rec.verify_detached(r["payload"].encode(), r["sig"], device_key.public_key)
    # The central imports the bundle (furusato-central import-bundle) with the ordinary rules; importing
    # it twice changes nothing, and a later sync only duplicates.
    token = out.read_text(encoding="utf-8")
    with central.engine.begin() as conn:
        first = import_bundle(conn, token)
    assert (first["accepted"], first["duplicates"], first["rejected"]) == (5, 0, 0)
    with central.engine.begin() as conn:
        second = import_bundle(conn, token)
    assert (second["accepted"], second["duplicates"], second["rejected"]) == (0, 5, 0)
    assert set(central.record_ids()) == set(ids)
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.to_json() == {"uploaded": 5, "accepted": 0, "duplicates": 5, "rejected": 0, "pending": 0}
    assert write_bundle(station, tmp_path / "empty.frr").records == 0


def test_a_truncated_or_altered_bundle_is_refused(enrolled, tmp_path):
    check_in(enrolled, 3)
    out = tmp_path / "bundle.frr"
    write_bundle(enrolled, out)
    data = out.read_bytes()
    cut = tmp_path / "cut.frr"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(BundleError):
        read_bundle(cut)
    cut.write_bytes(data[:-3])
    with pytest.raises(BundleError):
        read_bundle(cut)
    head, body, sig = data.decode().split(".")
    other = tmp_path / "other.frr"
    other.write_text(f"{head}.{body[:-4]}AAAA.{sig}")
    with pytest.raises(BundleError):
        read_bundle(other)
    with pytest.raises(BundleError):
        read_bundle(out, expected_key=generate_key().public_key)


def test_a_bundle_over_the_limit_is_not_written(enrolled, tmp_path):
    check_in(enrolled, 3)
    out = tmp_path / "bundle.frr"
    with pytest.raises(BundleTooLarge):
        write_bundle(enrolled, out, max_bytes=1000)
    assert not out.exists() and list(tmp_path.glob(".bundle*")) == []
