import json

import pytest
from sqlalchemy import select, update

from desktop import paths
from desktop.store.tables import ledger, outbox
from desktop.sync import outbox as ob
from desktop.sync.enrollment import enroll
from desktop.sync.errors import Refused
from desktop.sync.sync_round import sync_once
from tests.sync.conftest import CODE, check_in, client, fast_backoff


def _outbox(station):
    with station.engine.connect() as conn:
        return conn.execute(select(outbox).order_by(outbox.c.seq)).all()


def test_enrolment_stores_the_binding_keys_revocations_and_activities(station, central):
    central.state.revoked.append("revoked-subject-1")
    result = enroll(station, central.url, CODE, label="test")
    assert result.device_id == station.signer.device_id
    assert result.local_government == "152102" and result.activities == 1
    assert station.meta.get("server_url") == central.url
    assert station.local_government == "152102"
    assert station.meta.get("enrolled_at")
    assert central.state.platform_key.kid in station.trusted_keys
    assert station.revoked_subjects == {"revoked-subject-1"}
    assert station.activities.get("central-kusakari").source == "central"
    assert json.loads(paths.revocations_file(station.root).read_text())["subjects"] == ["revoked-subject-1"]


def test_enrolment_codes_are_single_use_and_must_exist(station, central, tmp_path):
    enroll(station, central.url, CODE)
    with pytest.raises(Refused) as used:
        enroll(station, central.url, CODE)
    assert used.value.code == "code_used"
    with pytest.raises(Refused) as unknown:
        enroll(station, central.url, "NO-SUCH-CODE")
    assert unknown.value.code == "unknown_code"


def test_offline_checkins_sync_once_and_only_once(enrolled, central):
    station = enrolled
    ids = check_in(station, 7)
    assert ob.pending_count(station.engine) == 7
    report = sync_once(station, client(central.url), fast_backoff(), batch_size=3)
    assert report.error is None
    assert report.to_json() == {"uploaded": 7, "accepted": 7, "duplicates": 0, "rejected": 0, "pending": 0}
    assert {row.state for row in _outbox(station)} == {"sent"}
    assert set(central.state.records) == set(ids)
    assert central.state.chain[station.signer.device_id][0] == 7
    # The details travelled, and the central could check them against the signed digest.
    assert all(r["wire"]["details"]["name"] for r in central.state.records.values())

    posts_before = central.state.requests.count(("POST", "/v1/records"))
    again = sync_once(station, client(central.url), fast_backoff())
    assert again.to_json() == {"uploaded": 0, "accepted": 0, "duplicates": 0, "rejected": 0, "pending": 0}
    assert central.state.requests.count(("POST", "/v1/records")) == posts_before


def test_a_resent_batch_is_answered_with_duplicates_only(enrolled, central):
    station = enrolled
    check_in(station, 4)
    sync_once(station, client(central.url), fast_backoff())
    # Pretend the answers were lost: the outbox believes nothing was sent.
    with station.engine.begin() as conn:
        conn.execute(update(outbox).values(state="pending", answered_at=None, answer=None))
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.to_json() == {"uploaded": 4, "accepted": 0, "duplicates": 4, "rejected": 0, "pending": 0}
    assert central.state.accept_events == 4


def test_a_rejected_record_is_kept_with_its_reason(enrolled, central):
    station = enrolled
    check_in(station, 2)
    from furusato.keys import generate_key
    central.state.devices[station.signer.device_id] = generate_key().public_key  # central lost our key
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.tally.rejected == 2 and report.pending == 0
    rows = _outbox(station)
    assert [(r.state, r.last_error) for r in rows] == [("rejected", "bad_signature")] * 2
    assert report.tally.rejections[0]["reason"] == "bad_signature"


def test_a_gap_answer_leaves_the_record_pending(enrolled, central):
    station = enrolled
    check_in(station, 3)
    # Mark the first as sent although the central never saw it: the next ones are a gap.
    with station.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.seq == 1).values(state="sent"))
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.pending == 2 and report.tally.accepted == 0
    assert {r.last_error for r in _outbox(station) if r.state == "pending"} == {"gap"}


@pytest.mark.parametrize("garbage", [
    "<html>captive portal</html>", "", "[]", '{"results": "nope"}',
    '{"results": [{"id": 5, "status": "accepted"}]}', '{"results": [{"id": "x", "status": "maybe"}]}',
])
def test_garbage_answers_leave_records_pending_with_a_clear_error(enrolled, central, garbage):
    station = enrolled
    check_in(station, 2)
    central.state.garbage = garbage
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.error is not None and report.error.code == "bad_response"
    assert report.pending == 2
    assert [(r.state, r.last_error) for r in _outbox(station)] == [("pending", "bad_response")] * 2
    central.state.garbage = None
    assert sync_once(station, client(central.url), fast_backoff()).to_json()["accepted"] == 2


def test_an_unreachable_central_changes_nothing(enrolled, central):
    station = enrolled
    check_in(station, 2)
    central.server.shutdown()
    central.server.server_close()
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.error.code == "unreachable" and report.error.retryable
    assert report.pending == 2


def test_a_clock_more_than_five_minutes_off_is_flagged(enrolled, central):
    from datetime import timedelta
    central.state.clock_offset = timedelta(minutes=7)
    report = sync_once(enrolled, client(central.url), fast_backoff())
    assert report.clock.off and report.clock.skew_seconds < -400
    central.state.clock_offset = timedelta(seconds=20)
    assert not sync_once(enrolled, client(central.url), fast_backoff()).clock.off


def test_pulls_update_the_catalogue_keys_and_revocations(enrolled, central):
    from furusato.keys import generate_key
    central.state.revoked.append("subject-x")
    central.state.platform_key = generate_key()
    central.state.activities.append({**central.state.activities[0], "id": "central-2", "title": "新しい活動"})
    report = sync_once(enrolled, client(central.url), fast_backoff())
    assert report.error is None
    assert enrolled.revoked_subjects == {"subject-x"}
    assert central.state.platform_key.kid in enrolled.trusted_keys
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
