"""Activities created at a station, offline, reaching the real central as proposals (issue 15).

A station makes an activity with no network, checks people in, carries a bundle (or syncs); the
central keeps the activity `proposed` until the local government decides. The counts are the
eligibility engine's own answer over the central's database.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from central import admin, proposed_activities
from central.bundles import import_bundle
from central.person_eligibility import eligibility
from central.platform_keys import PLATFORM_ID
from central.store.tables import activities, records
from desktop.checkin import CheckinService
from desktop.station_activities import create_activity
from desktop.store.tables import ledger
from desktop.sync.bundle import write_bundle
from desktop.sync.enrollment import enroll
from desktop.sync.pulls import pull_all
from desktop.sync.sync_round import sync_once
from furusato import ledger_record as rec
from furusato.activity_proposal import ProposalInvalid
from furusato.card_token import issue_card
from tests.sync.conftest import LG, NOW, client, fast_backoff, open_station

PEOPLE = ["offline-person-01", "offline-person-02", "offline-person-03"]


def meeting(station, title="松之山自治会 臨時総会"):
    return create_activity(
        station, title=title, kind="public_interest_body", content="冬の見回り当番の打合せ", place="集会所",
        start=(NOW - timedelta(hours=1)).isoformat(), end=(NOW + timedelta(hours=3)).isoformat(), now=NOW,
    )


def card(central, sub):
    return issue_card(central.platform_key(), iss=PLATFORM_ID, sub=sub, name="参加 者",
                      iat=int(NOW.timestamp()) - 3600, days=30)


def counts(central, subs=PEOPLE):
    with central.engine.begin() as conn:
        for sub in subs:
            admin.upsert_person(conn, sub, residence="131016", mynumber_verified=True)
        return [eligibility(conn, f"card:{sub}", LG, NOW.date())["count"] for sub in subs]


def check_in_people(station, central, activity_id, subs=PEOPLE):
    service = CheckinService(station)
    for sub in subs:
        assert service.check_in_token(activity_id, card(central, sub), at=NOW).outcome == "recorded"


def central_activity(central, activity_id):
    with central.engine.connect() as conn:
        return conn.execute(select(activities).where(activities.c.id == activity_id)).first()


def test_an_activity_made_offline_is_a_signed_record_and_usable_at_once(station):
    activity = meeting(station)
    assert activity.status == "proposed" and activity.source == "station"
    assert station.activities.get(activity.id).status == "proposed"
    with station.engine.connect() as conn:
        row = conn.execute(select(ledger).where(ledger.c.type == "activity")).one()
    assert row.activity_id == activity.id
    assert station.ledger.verify_chain(station.signing_key.public_key) == []
    body = rec.json.loads(row.payload)
    assert body["def"]["title"] == "松之山自治会 臨時総会" and body["person"] == f"device:{station.signer.device_id}"
    assert body["def"]["designating_lg"] == LG  # the demo station's own local government
    from tests.store.records import manual

    assert CheckinService(station).check_in_manual(activity.id, manual(), NOW).outcome == "recorded"


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "  "}, "title"), ({"kind": "party"}, "kind"), ({"venue": "123456"}, "venue"),
    ({"end": (NOW - timedelta(hours=2)).isoformat()}, "end"), ({"start": "tomorrow"}, "start"),
    ({"start": "2025-01-01T09:00", "end": "2025-01-01T12:00"}, "end"),
])
def test_a_definition_that_breaks_a_rule_is_refused_and_nothing_is_written(station, changes, field):
    args = {"title": "草刈り", "kind": "designated_project", "start": NOW.isoformat(),
            "end": (NOW + timedelta(hours=2)).isoformat(), **changes}
    before = station.ledger.size()
    with pytest.raises(ProposalInvalid) as refused:
        create_activity(station, now=NOW, **args)
    assert refused.value.field == field
    assert station.ledger.size() == before


def test_offline_activity_by_bundle_counts_once_designated(station, central, tmp_path):
    enroll(station, central.url, central.code, label="jichikai")
    activity = meeting(station)
    check_in_people(station, central, activity.id)
    out = tmp_path / "stick.frr"
    write_bundle(station, out)
    with central.engine.begin() as conn:
        answer = import_bundle(conn, out.read_text(encoding="utf-8"))
    assert (answer["accepted"], answer["rejected"]) == (4, 0)
    row = central_activity(central, activity.id)
    assert (row.status, row.proposed_by, row.designating_lg) == ("proposed", station.signer.device_id, LG)
    with central.engine.connect() as conn:
        flags = [r.flags for r in conn.execute(select(records).where(records.c.activity_id == activity.id))]
    assert flags == [[], [], [], []]  # no unknown_activity: the proposal came first in the chain
    assert counts(central) == [0, 0, 0]
    with central.engine.begin() as conn:
        proposed_activities.designate(conn, activity.id)
    assert counts(central) == [1, 1, 1]
    # The station learns the decision from the catalogue.
    pull_all(station, client(central.url))
    assert station.activities.get(activity.id).status == "designated"
    assert station.activities.get(activity.id).source == "station"


def test_a_station_designated_as_a_whole_counts_at_once(central, tmp_path):
    other = open_station(tmp_path / "shobodan")
    try:
        enroll(other, central.url, central.codes[1], label="消防団")
        with central.engine.begin() as conn:
            proposed_activities.designate_station(conn, other.signer.device_id)
        drill = meeting(other, title="消防団 夜間訓練")
        check_in_people(other, central, drill.id, PEOPLE[:1])
        report = sync_once(other, client(central.url), fast_backoff())
        assert (report.to_json()["accepted"], report.to_json()["rejected"]) == (2, 0)
        assert central_activity(central, drill.id).status == "designated"
        assert counts(central, PEOPLE[:1]) == [1]
    finally:
        other.close()


def test_designating_a_station_designates_what_it_already_proposed(station, central):
    enroll(station, central.url, central.code, label="jichikai")
    activity = meeting(station)
    sync_once(station, client(central.url), fast_backoff())
    with central.engine.begin() as conn:
        answer = proposed_activities.designate_station(conn, station.signer.device_id)
    assert answer["designated"] == [activity.id]
    assert central_activity(central, activity.id).status == "designated"


def test_a_refused_activity_keeps_its_records_but_they_never_count(station, central):
    enroll(station, central.url, central.code, label="jichikai")
    activity = meeting(station)
    check_in_people(station, central, activity.id)
    sync_once(station, client(central.url), fast_backoff())
    with central.engine.begin() as conn:
        proposed_activities.refuse(conn, activity.id, "担い手活動に当たりません")
    assert counts(central) == [0, 0, 0]
    assert len([r for r in central.stored().values() if r["activity_id"] == activity.id]) == 4
    pull_all(station, client(central.url))
    shown = station.activities.get(activity.id)
    assert (shown.status, shown.status_note) == ("refused", "担い手活動に当たりません")
    with central.engine.begin() as conn, pytest.raises(admin.AdminError):
        proposed_activities.refuse(conn, "central-kusakari", "not a proposal")


def test_a_proposal_that_breaks_the_rules_is_kept_flagged_and_never_catalogued(station, central):
    """A station of an older (or tampered) version signs a definition the central's rules refuse:
    the record still advances the chain, so the records behind it are not blocked."""
    enroll(station, central.url, central.code, label="jichikai")
    at = NOW
    station.ledger.propose_activity(
        activity_row={"id": "st-bad", "title": "x", "kind": "designated_project", "designating_lg": LG,
                      "venue_lg": LG, "starts_at": at.isoformat(), "ends_at": (at + timedelta(hours=1)).isoformat(),
                      "source": "station", "updated_at": at.isoformat(), "status": "proposed", "content": "",
                      "place": ""},
        definition={"title": "", "kind": "designated_project", "venue": LG, "designating_lg": LG,
                    "start": at.isoformat(), "end": (at + timedelta(hours=1)).isoformat()},
        day=at.date(), at=at, person_key=f"device:{station.signer.device_id}",
    )
    report = sync_once(station, client(central.url), fast_backoff())
    assert (report.to_json()["accepted"], report.to_json()["rejected"]) == (1, 0)
    assert central_activity(central, "st-bad") is None
    assert [r["flags"] for r in central.stored().values()] == [["bad_activity"]]
