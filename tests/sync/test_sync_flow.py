import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from central import clock as central_clock
from desktop import paths
from desktop.store.tables import ledger, outbox
from desktop.sync import outbox as ob
from desktop.sync.enrollment import enroll
from desktop.sync.errors import Refused
from desktop.sync.sync_round import sync_once
from tests.sync.conftest import check_in, client, fast_backoff, open_station
from tests.sync.fault_proxy import FaultProxy


def _outbox(station):
    with station.engine.connect() as conn:
        return conn.execute(select(outbox).order_by(outbox.c.seq)).all()


def test_enrolment_stores_the_binding_keys_revocations_and_activities(station, central):
    central.revoke_card("revoked-subject-1")
    result = enroll(station, central.url, central.code, label="test")
    assert result.device_id == station.signer.device_id
    assert result.local_government == "152102" and result.activities == 1
    assert station.meta.get("server_url") == central.url
    assert station.local_government == "152102"
    assert station.meta.get("enrolled_at")
    assert central.platform_key().kid in station.trusted_keys
    assert station.revoked_subjects == {"revoked-subject-1"}
    assert station.activities.get("central-kusakari").source == "central"
    assert json.loads(paths.revocations_file(station.root).read_text())["subjects"] == ["revoked-subject-1"]


def test_enrolment_codes_are_single_use_and_must_exist(station, central, tmp_path):
    enroll(station, central.url, central.code)
    # The same station presenting its own code again (its answer was lost) is answered again...
    assert enroll(station, central.url, central.code).local_government == "152102"
    # ...another station presenting it is refused.
    other = open_station(tmp_path / "other")
    try:
        with pytest.raises(Refused) as used:
            enroll(other, central.url, central.code)
        assert used.value.code == "code_used"
        with pytest.raises(Refused) as unknown:
            enroll(other, central.url, "NOPE-NOPE-NOPE-NOPE")
        assert unknown.value.code == "unknown_code"
        # An enrolled device cannot take a second code.
        with pytest.raises(Refused) as exists:
            enroll(station, central.url, central.codes[1])
        assert exists.value.code == "device_exists"
    finally:
        other.close()


def test_offline_checkins_sync_once_and_only_once(enrolled, central):
    station = enrolled
    ids = check_in(station, 7)
    assert ob.pending_count(station.engine) == 7
    report = sync_once(station, client(central.url), fast_backoff(), batch_size=3)
    assert report.error is None
    assert report.to_json() == {"uploaded": 7, "accepted": 7, "duplicates": 0, "rejected": 0, "pending": 0}
    assert {row.state for row in _outbox(station)} == {"sent"}
    stored = central.stored()
    assert set(stored) == set(ids)
    assert central.last_seq(station.signer.device_id) == 7
    # The details travelled, and the central checked them against the signed digest (no flag).
    assert all(r["details"]["name"] for r in stored.values())
    assert all("details_mismatch" not in r["flags"] for r in stored.values())

    posts_before = central.requests.count(("POST", "/v1/records"))
    again = sync_once(station, client(central.url), fast_backoff())
    assert again.to_json() == {"uploaded": 0, "accepted": 0, "duplicates": 0, "rejected": 0, "pending": 0}
    assert central.requests.count(("POST", "/v1/records")) == posts_before


def test_a_resent_batch_is_answered_with_duplicates_only(enrolled, central):
    station = enrolled
    check_in(station, 4)
    sync_once(station, client(central.url), fast_backoff())
    # Pretend the answers were lost: the outbox believes nothing was sent.
    with station.engine.begin() as conn:
        conn.execute(update(outbox).values(state="pending", answered_at=None, answer=None))
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.to_json() == {"uploaded": 4, "accepted": 0, "duplicates": 4, "rejected": 0, "pending": 0}
    assert len(central.stored()) == 4


def test_a_rejected_record_is_kept_with_its_reason(enrolled, central):
    station = enrolled
    check_in(station, 2)
    central.forget_device_key(station.signer.device_id)
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.tally.rejected == 2 and report.pending == 0
    rows = _outbox(station)
    assert [(r.state, r.last_error) for r in rows] == [("rejected", "bad_signature")] * 2
    assert report.tally.rejections[0]["reason"] == "bad_signature"
    assert central.stored() == {}


def test_a_gap_answer_leaves_the_record_pending(enrolled, central):
    station = enrolled
    check_in(station, 3)
    # Mark the first as sent although the central never saw it: the next ones are a gap.
    with station.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.seq == 1).values(state="sent"))
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.pending == 2 and report.tally.accepted == 0
    assert {r.last_error for r in _outbox(station) if r.state == "pending"} == {"gap"}
    assert central.stored() == {}


@pytest.mark.parametrize("garbage", [
    "<html>captive portal</html>", "", "[]", '{"results": "nope"}',
    '{"results": [{"id": 5, "status": "accepted"}]}', '{"results": [{"id": "x", "status": "maybe"}]}',
])
def test_garbage_answers_leave_records_pending_with_a_clear_error(enrolled, central, garbage):
    # The real central never answers garbage; a captive portal in the way does (a real TCP proxy).
    station = enrolled
    check_in(station, 2)
    with FaultProxy(central.port) as portal:
        portal.garbage = garbage.encode("utf-8")
        report = sync_once(station, client(portal.url), fast_backoff())
    assert report.error is not None and report.error.code == "bad_response"
    assert report.pending == 2
    assert [(r.state, r.last_error) for r in _outbox(station)] == [("pending", "bad_response")] * 2
    assert central.stored() == {}
    assert sync_once(station, client(central.url), fast_backoff()).to_json()["accepted"] == 2


def test_an_unreachable_central_changes_nothing(enrolled, central):
    station = enrolled
    check_in(station, 2)
    central.stop()
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.error.code == "unreachable" and report.error.retryable
    assert report.pending == 2


def test_a_clock_more_than_five_minutes_off_is_flagged(enrolled, central, monkeypatch):
    # The central's own clock (central.clock) is set 7 minutes ahead, then 20 seconds.
    offset = {"now": timedelta(minutes=7)}
    monkeypatch.setattr(central_clock, "now", lambda: datetime.now(UTC) + offset["now"])
    report = sync_once(enrolled, client(central.url), fast_backoff())
    assert report.clock.off and report.clock.skew_seconds < -400
    offset["now"] = timedelta(seconds=20)
    assert not sync_once(enrolled, client(central.url), fast_backoff()).clock.off


def test_the_central_flags_a_station_clock_that_is_off(enrolled, central, monkeypatch):
    check_in(enrolled, 1)
    monkeypatch.setattr(central_clock, "now", lambda: datetime.now(UTC) + timedelta(minutes=30))
    assert sync_once(enrolled, client(central.url), fast_backoff()).tally.accepted == 1
    (row,) = central.stored().values()
    assert "clock_skew" in row["flags"]


def test_pulls_update_the_catalogue_keys_and_revocations(enrolled, central):
    central.revoke_card("subject-x")
    new_kid = central.rotate_keys()
    central.add_activity(**{"id": "central-2", "title": "新しい活動", "kind": "designated_project",
                            "venue": "152102", "start": "2026-11-23T08:00:00+09:00",
                            "end": "2026-11-23T17:00:00+09:00"})
    report = sync_once(enrolled, client(central.url), fast_backoff())
    assert report.error is None
    assert enrolled.revoked_subjects == {"subject-x"}
    assert new_kid in enrolled.trusted_keys
    assert enrolled.activities.get("central-2").title == "新しい活動"
    assert enrolled.meta.get("activities_pulled_at")


def test_details_sent_are_those_stored(enrolled, central):
    check_in(enrolled, 1)
    batch = ob.pending_batch(enrolled)
    with enrolled.engine.connect() as conn:
        payload = conn.execute(select(ledger.c.payload)).scalar()
    assert batch[0].wire["payload"] == payload
    from furusato.ledger_record import details_digest
    assert details_digest(batch[0].wire["details"]) == json.loads(payload)["pii"]
    sync_once(enrolled, client(central.url), fast_backoff())
    (row,) = central.stored().values()
    assert row["payload"] == payload and row["details"] == batch[0].wire["details"] and row["flags"] == [
        "unknown_activity"]
