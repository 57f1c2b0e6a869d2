from datetime import timedelta

import pytest

from desktop.checkin import CheckinService, UnknownActivity
from furusato.card_token import issue_card
from furusato.keys import generate_key
from furusato.outcomes import Outcome
from tests.store.conftest import NOW
from tests.store.records import manual


def _card(key, sub="subject-0001", **kw):
    return issue_card(key, iss="frr-platform", sub=sub, name="佐藤 花子", mnv=True,
                      iat=int(NOW.timestamp()) - 3600, days=365, **kw)


def test_a_valid_card_is_recorded_once_per_day(station, platform_key):
    service = CheckinService(station)
    token = _card(platform_key)
    first = service.check_in_token("demo-jichikai", token, NOW)
    assert first.outcome is Outcome.RECORDED and first.display_name == "佐藤 花子"
    again = service.check_in_token("demo-jichikai", token, NOW + timedelta(minutes=5))
    assert again.outcome is Outcome.DUPLICATE and again.existing_record_id == first.record_id
    # The multi-day activity counts each day once.
    assert service.check_in_token("demo-yukioroshi", token, NOW).outcome is Outcome.RECORDED
    assert service.check_in_token("demo-yukioroshi", token, NOW + timedelta(days=1)).outcome is Outcome.RECORDED


def test_card_refusals_come_through_with_their_reason(station, platform_key):
    service = CheckinService(station)
    forged = _card(generate_key())
    assert service.check_in_token("demo-jichikai", forged, NOW).outcome is Outcome.UNKNOWN_KEY
    assert service.check_in_token("demo-jichikai", "not a token", NOW).outcome is Outcome.UNREADABLE
    expired = issue_card(platform_key, iss="p", sub="subject-0002", iat=int(NOW.timestamp()) - 10_000,
                         exp=int(NOW.timestamp()) - 1_000)
    assert service.check_in_token("demo-jichikai", expired, NOW).outcome is Outcome.EXPIRED
    assert station.ledger.size() == 0


def test_revoked_subjects_are_refused_after_the_list_is_reloaded(station, platform_key):
    (station.root / "revoked_subjects.json").write_text('{"subjects": ["subject-0001"]}', "utf-8")
    station.reload_trust()
    result = CheckinService(station).check_in_token("demo-jichikai", _card(platform_key), NOW)
    assert result.outcome is Outcome.REVOKED


def test_outside_the_activity_window_nothing_is_recorded(station, platform_key):
    service = CheckinService(station)
    tomorrow_activity = "demo-kusakari"
    assert service.check_in_token(tomorrow_activity, _card(platform_key), NOW).outcome is Outcome.ACTIVITY_NOT_OPEN
    assert service.check_in_manual(tomorrow_activity, manual(), NOW).outcome is Outcome.ACTIVITY_NOT_OPEN
    assert station.ledger.size() == 0


def test_manual_entries_validate_then_record_and_deduplicate_by_name_and_birth_date(station):
    service = CheckinService(station)
    bad = service.check_in_manual("demo-jichikai", manual(name="", phone="12345", postal_code="000-0000"), NOW)
    assert bad.outcome is Outcome.INVALID_INPUT
    assert set(bad.fields) == {"name", "phone", "postal_code"}
    assert station.ledger.size() == 0
    good = service.check_in_manual("demo-jichikai", manual(), NOW)
    assert good.outcome is Outcome.RECORDED
    same_person = manual(name="山田　太郎", birth="平成2年4月1日", phone="０９０－９９９９－００００")
    assert service.check_in_manual("demo-jichikai", same_person, NOW).outcome is Outcome.DUPLICATE
    details = station.ledger.details(good.record_id)
    assert details["postal_code"] == "9421526" and details["address_prefix"].startswith("新潟県十日町市")
    assert details["minor"] is False and details["guardian_consent"] is None


def test_unknown_activity_is_its_own_error(station):
    with pytest.raises(UnknownActivity):
        CheckinService(station).check_in_manual("no-such-activity", manual(), NOW)


def test_a_damaged_revocation_list_never_unrevokes(station, platform_key):
    (station.root / "revoked_subjects.json").write_text('{"subjects": ["subject-0001"]}', "utf-8")
    station.reload_trust()
    (station.root / "revoked_subjects.json").write_text('{"subjects": "subject-0001"', "utf-8")
    station.reload_trust()
    result = CheckinService(station).check_in_token("demo-jichikai", _card(platform_key), NOW)
    assert result.outcome is Outcome.REVOKED


# --- a token typed by a scanner gun (desktop.scanner.wedge_readings) ---------------------------------

def test_a_gun_token_bent_by_layout_capslock_or_full_width_is_recorded_as_issued(station, platform_key):
    service = CheckinService(station)
    # One with "_" in it (the key JIS moves), as about half of all cards have.
    token = next(t for t in (_card(platform_key, sub=f"subject-{n:04d}") for n in range(200)) if "_" in t)
    bent = [token.swapcase(), token.replace("_", "="), token.replace("_", "=").swapcase(),
            "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in token)]
    first = service.check_in_token("demo-jichikai", bent[0], NOW, typed=True)
    assert first.outcome is Outcome.RECORDED
    for text in bent[1:]:
        assert service.check_in_token("demo-jichikai", text, NOW, typed=True).outcome is Outcome.DUPLICATE
    # The evidence is the token as issued, not as the keyboard bent it.
    assert station.ledger.details(first.record_id)["token"] == token


def test_a_bent_token_is_only_retried_for_the_gun(station, platform_key):
    service = CheckinService(station)
    token = _card(platform_key)
    assert service.check_in_token("demo-jichikai", token.swapcase(), NOW).outcome is Outcome.UNREADABLE
    assert station.ledger.size() == 0


def test_a_bent_forgery_is_refused_with_the_reason_of_its_best_reading(station, platform_key):
    service = CheckinService(station)
    forged = _card(generate_key())  # a key this station does not trust
    assert service.check_in_token("demo-jichikai", forged.swapcase(), NOW, typed=True).outcome is Outcome.UNKNOWN_KEY
    tampered = _card(platform_key)
    header, payload, signature = tampered.split(".")
    tampered = ".".join((header, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), signature))
    assert service.check_in_token("demo-jichikai", tampered.swapcase(), NOW, typed=True).outcome is Outcome.BAD_SIGNATURE
    expired = issue_card(platform_key, iss="p", sub="subject-0003", iat=int(NOW.timestamp()) - 10_000,
                         exp=int(NOW.timestamp()) - 1_000)
    assert service.check_in_token("demo-jichikai", expired.swapcase(), NOW, typed=True).outcome is Outcome.EXPIRED
    assert service.check_in_token("demo-jichikai", "\ud800" * 5000, NOW, typed=True).outcome is Outcome.UNREADABLE
    assert station.ledger.size() == 0
