from datetime import timedelta

from sqlalchemy import select, update

from desktop.privacy.retention import purge_acknowledged, purge_candidates
from desktop.store.ledger import Ledger
from desktop.store.tables import ledger as ledger_table
from desktop.store.tables import outbox, personal_details
from tests.privacy.conftest import NOW


def _answer(station, record_id, state, answered_at):
    with station.engine.begin() as conn:
        seq = conn.execute(select(ledger_table.c.seq).where(ledger_table.c.record_id == record_id)).scalar_one()
        conn.execute(update(outbox).where(outbox.c.seq == seq).values(state=state, answered_at=answered_at))


def test_purges_only_old_acknowledged_details_and_the_chain_still_verifies(station, protected_key):
    ledger = Ledger(station.engine, station.signer, protected_key.details_cipher().codec())
    ids = [
        ledger.check_in(activity_id="demo-jichikai", day=NOW.date(), at=NOW, person_key=f"manual:{n}",
                        details={"name": f"参加者 {n}", "phone": "+819012345678"}).record_id
        for n in range(5)
    ]
    old, recent, rejected, pending, naive = ids
    _answer(station, old, "sent", (NOW - timedelta(days=40)).isoformat())
    _answer(station, recent, "sent", (NOW - timedelta(days=3)).isoformat())
    _answer(station, rejected, "rejected", (NOW - timedelta(days=90)).isoformat())
    _answer(station, naive, "sent", "2026-01-01T00:00:00")  # no offset: read as UTC
    public = station.signer.private_key.public_key()
    assert ledger.verify_chain(public) == []

    assert set(purge_candidates(station.engine, keep_days=30, now=NOW)) == {old, naive}
    result = purge_acknowledged(station.engine, keep_days=30, now=NOW)
    assert set(result.record_ids) == {old, naive} and result.purged == 2

    with station.engine.connect() as conn:
        rows = {r.record_id: r for r in conn.execute(select(personal_details))}
    assert rows[old].details is None and rows[old].purged_at == NOW.isoformat()
    assert rows[recent].details is not None and rows[recent].purged_at is None
    assert rows[rejected].details is not None and rows[pending].details is not None
    assert ledger.details(old) is None
    assert ledger.details(recent)["name"] == "参加者 1"
    assert ledger.verify_chain(public) == []  # the signed chain never held the details
    assert purge_acknowledged(station.engine, keep_days=30, now=NOW).purged == 0  # idempotent


def test_nothing_to_purge(station):
    assert purge_acknowledged(station.engine, keep_days=0, now=NOW).purged == 0


def test_the_sync_purges_after_the_retention_days_set_for_the_station(station):
    """The window's setting (station_meta via RecordSettings) is what the sync's purge obeys."""
    from datetime import UTC, datetime

    from desktop.record_settings import RecordSettings
    from desktop.sync.sync_round import purge_expired_details

    at = datetime.now(UTC)
    ids = [station.ledger.check_in(activity_id="demo-jichikai", day=NOW.date(), at=NOW, person_key=f"manual:r{n}",
                                   details={"name": f"参加者 {n}"}).record_id for n in range(2)]
    _answer(station, ids[0], "sent", (at - timedelta(days=10)).isoformat())
    _answer(station, ids[1], "sent", (at - timedelta(days=2)).isoformat())
    assert purge_expired_details(station) == 0  # default 30 days: both kept
    RecordSettings(station.meta).set_retention_days(7)
    assert purge_expired_details(station) == 1
    assert station.ledger.details(ids[0]) is None and station.ledger.details(ids[1]) is not None
    RecordSettings(station.meta).set_retention_days(0)
    assert purge_expired_details(station) == 1 and station.ledger.details(ids[1]) is None
