"""The premium eligibility engine (CONTRACTS §4) through its JSON front door, with the real master."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest

from furusato.eligibility import CaseError, evaluate_json, expiry_after, parse_case, window

HOKKAIDO, SAPPORO, CHUO_KU, HAKODATE, OTARU = "010006", "011002", "011011", "012025", "012033"
TOKYO, CHIYODA, HACHIOJI = "130001", "131016", "132012"
AOMORI_KEN, AOMORI_SHI = "020001", "022012"


def make_case(**overrides) -> dict:
    case = {
        "as_of": "2027-03-31",
        "person": {
            "residence": CHIYODA,
            "mynumber_verified": True,
            "minor": False,
            "guardian_consent": False,
        },
        "premium": [],
        "attendance": [],
        "settings": {},
        "target": HAKODATE,
    }
    case.update(overrides)
    return case


def visits(venue: str, *days: str, activity: str = "a1") -> list[dict]:
    return [{"activity": activity, "venue": venue, "date": d} for d in days]


def days_from(first: str, n: int) -> list[str]:
    start = date.fromisoformat(first)
    return [(start + timedelta(days=i)).isoformat() for i in range(n)]


THREE_IN_HAKODATE = visits(HAKODATE, "2026-07-01", "2026-08-01", "2026-09-01")


def judge(**overrides) -> dict:
    return evaluate_json(make_case(**overrides))


def error_of(case) -> dict:
    with pytest.raises(CaseError) as info:
        evaluate_json(case)
    return info.value.to_json()


# --- the contract's own example -------------------------------------------------------------


def test_contract_example_output_exactly():
    case = {
        "as_of": "2027-03-31",
        "person": {
            "residence": "131016",
            "mynumber_verified": True,
            "minor": False,
            "guardian_consent": False,
        },
        "premium": [{"lg": "011002", "expires": "2027-05-31"}],
        "attendance": visits("012025", "2026-07-01", "2026-07-15"),
        "settings": {"012025": {"required": 3, "consecutive_days_each_count": False, "long_stay_days": 10}},
        "target": "012025",
    }
    result = evaluate_json(case)
    assert json.dumps(result) == json.dumps(
        {
            "target": "012025",
            "eligible": False,
            "count": 2,
            "required": 3,
            "renewal": False,
            "expires": None,
            "stay_days": 2,
            "long_stay": False,
            "reasons": ["not_enough_activities"],
        }
    )


def test_eligible_new_registration():
    result = judge(attendance=THREE_IN_HAKODATE)
    assert result == {
        "target": HAKODATE,
        "eligible": True,
        "count": 3,
        "required": 3,
        "renewal": False,
        "expires": "2028-03-30",
        "stay_days": 3,
        "long_stay": False,
        "reasons": [],
    }


# --- the window ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "as_of, first",
    [
        ("2027-06-30", "2026-07-01"),  # 365 days, no leap day inside
        ("2028-06-30", "2027-07-01"),  # 2028-02-29 inside: 366 days
        ("2028-02-29", "2027-03-01"),  # ends on the leap day itself: 366 days
        ("2028-03-01", "2027-03-02"),
        ("2029-02-28", "2028-03-01"),  # 365 days back stop short of 2028-02-29: 365 days
        ("2029-03-01", "2028-03-02"),
        ("2027-03-31", "2026-04-01"),
        ("2026-09-01", "2026-04-01"),  # nothing before the programme's start
    ],
)
def test_window(as_of, first):
    assert window(date.fromisoformat(as_of)) == (date.fromisoformat(first), date.fromisoformat(as_of))


def test_window_length_is_365_or_366_days():
    day = date(2027, 4, 1)
    while day < date(2033, 4, 1):
        first, last = window(day)
        length = (last - first).days + 1
        leap_inside = any(first <= date(y, 2, 29) <= last for y in (first.year, last.year) if y % 4 == 0)
        assert length == (366 if leap_inside else 365), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    "as_of, edge_in, edge_out",
    [
        ("2027-06-30", "2026-07-01", "2026-06-30"),  # day 365 counts, day 366 does not
        ("2028-06-30", "2027-07-01", "2027-06-30"),  # across 2028-02-29 day 366 counts
        ("2026-09-01", "2026-04-01", "2026-03-31"),  # 2026-03-31 is before the programme
    ],
)
def test_window_edges_in_evaluation(as_of, edge_in, edge_out):
    last = date.fromisoformat(as_of)
    others = visits(HAKODATE, *(str(last - timedelta(days=d)) for d in (10, 20)), activity="other")
    inside = judge(as_of=as_of, attendance=others + visits(HAKODATE, edge_in))
    outside = judge(as_of=as_of, attendance=others + visits(HAKODATE, edge_out))
    assert (inside["count"], inside["eligible"]) == (3, True)
    assert (outside["count"], outside["eligible"]) == (2, False)
    assert outside["reasons"] == ["not_enough_activities"]


def test_leap_day_attendance_counts_and_is_left_out_a_year_later():
    rows = visits(HAKODATE, "2028-02-29", "2028-03-05", "2028-04-05")
    assert judge(as_of="2028-12-31", attendance=rows)["count"] == 3
    assert judge(as_of="2029-02-28", attendance=rows)["count"] == 2


def test_attendance_after_as_of_and_before_programme_do_not_count():
    rows = visits(HAKODATE, "2025-12-01", "2026-03-31", "2027-04-01", "2030-01-01")
    result = judge(attendance=rows)
    assert (result["count"], result["stay_days"]) == (0, 0)


def test_as_of_before_programme_start_counts_nothing():
    result = judge(as_of="2026-03-31", attendance=visits(HAKODATE, "2026-03-01", "2026-03-31"))
    assert (result["count"], result["stay_days"]) == (0, 0)


def test_ancient_as_of_does_not_crash():
    assert judge(as_of="0001-01-01")["count"] == 0


# --- counting ----------------------------------------------------------------------------------


def test_consecutive_run_counts_once_without_setting():
    result = judge(attendance=visits(HAKODATE, *days_from("2026-08-01", 3)))
    assert (result["count"], result["stay_days"], result["eligible"]) == (1, 3, False)


def test_consecutive_run_counts_each_day_with_setting():
    settings = {HAKODATE: {"consecutive_days_each_count": True}}
    result = judge(attendance=visits(HAKODATE, *days_from("2026-08-01", 3)), settings=settings)
    assert (result["count"], result["eligible"]) == (3, True)


def test_runs_split_by_a_gap_count_separately():
    rows = visits(HAKODATE, "2026-08-01", "2026-08-02", "2026-08-04", "2026-08-05", "2026-08-07")
    assert judge(attendance=rows)["count"] == 3


def test_run_across_month_and_year_end():
    rows = visits(HAKODATE, "2026-12-30", "2026-12-31", "2027-01-01")
    assert judge(attendance=rows)["count"] == 1


def test_bridging_day_merges_two_runs():
    # The rule as written: Monday and Wednesday are two visits, Monday to Wednesday is one.
    assert judge(attendance=visits(HAKODATE, "2026-08-03", "2026-08-05"))["count"] == 2
    assert judge(attendance=visits(HAKODATE, "2026-08-03", "2026-08-04", "2026-08-05"))["count"] == 1


def test_runs_are_per_activity():
    rows = visits(HAKODATE, "2026-08-01", "2026-08-03", activity="snow") + visits(
        HAKODATE, "2026-08-02", activity="grass"
    )
    assert judge(attendance=rows)["count"] == 3


def test_run_cut_by_programme_start():
    rows = visits(HAKODATE, "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02")
    assert judge(as_of="2026-06-01", attendance=rows)["count"] == 1
    each = {HAKODATE: {"consecutive_days_each_count": True}}
    assert judge(as_of="2026-06-01", attendance=rows, settings=each)["count"] == 2


def test_two_activities_one_day_count_twice_but_one_stay_day():
    rows = visits(HAKODATE, "2026-08-01", activity="a1") + visits(HAKODATE, "2026-08-01", activity="a2")
    result = judge(attendance=rows)
    assert (result["count"], result["stay_days"]) == (2, 1)


@pytest.mark.parametrize("each", [False, True])
def test_same_activity_twice_one_day_counts_once(each):
    rows = visits(HAKODATE, "2026-08-01", "2026-08-01") + visits(OTARU, "2026-08-01")
    settings = {HOKKAIDO: {"consecutive_days_each_count": each}}
    assert judge(attendance=rows, target=HOKKAIDO, settings=settings)["count"] == 1


def test_required_above_three():
    rows = visits(HAKODATE, "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01")
    result = judge(attendance=rows, settings={HAKODATE: {"required": 5}})
    assert (result["count"], result["required"], result["reasons"]) == (4, 5, ["not_enough_activities"])
    assert judge(attendance=rows, settings={HAKODATE: {"required": 4}})["eligible"] is True


def test_other_codes_settings_do_not_apply():
    settings = {OTARU: {"required": 10}, HOKKAIDO: {"consecutive_days_each_count": True}}
    result = judge(attendance=THREE_IN_HAKODATE, settings=settings)
    assert (result["required"], result["eligible"]) == (3, True)


def test_target_setting_decides_runs_for_a_prefecture():
    rows = visits(HAKODATE, *days_from("2026-08-01", 3))
    settings = {HAKODATE: {"consecutive_days_each_count": True}}
    assert judge(attendance=rows, settings=settings, target=HOKKAIDO)["count"] == 1


# --- where a record counts: wards, prefecture-wide venues ------------------------------------


def test_ward_venue_counts_for_city_and_prefecture():
    rows = visits(CHUO_KU, "2026-06-01", "2026-07-01", "2026-08-01")
    assert judge(attendance=rows, target=SAPPORO)["count"] == 3
    assert judge(attendance=rows, target=HOKKAIDO)["count"] == 3
    assert judge(attendance=rows, target=HAKODATE)["count"] == 0


def test_city_and_ward_venues_are_one_place():
    rows = visits(CHUO_KU, "2026-08-01") + visits(SAPPORO, "2026-08-02") + visits("011029", "2026-08-03")
    assert judge(attendance=rows, target=SAPPORO)["count"] == 1  # one run across wards of one city


def test_prefecture_wide_venue_counts_for_prefecture_only():
    rows = visits(HOKKAIDO, "2026-06-01", "2026-07-01", "2026-08-01")
    assert judge(attendance=rows, target=HOKKAIDO)["eligible"] is True
    assert judge(attendance=rows, target=SAPPORO)["count"] == 0


def test_tokyo_special_ward_is_a_local_government():
    rows = visits(CHIYODA, "2026-06-01", "2026-07-01", "2026-08-01")
    person = {"residence": HACHIOJI, "mynumber_verified": True, "minor": False}
    assert judge(attendance=rows, target=CHIYODA, person=person)["eligible"] is True
    assert judge(attendance=rows, target=TOKYO, person=person)["reasons"] == ["residence"]


def test_other_prefecture_venue_does_not_count():
    rows = visits(AOMORI_SHI, "2026-06-01", "2026-07-01", "2026-08-01")
    assert judge(attendance=rows, target=HOKKAIDO)["count"] == 0


# --- person ------------------------------------------------------------------------------------


def person(**kw):
    base = {"residence": CHIYODA, "mynumber_verified": True, "minor": False, "guardian_consent": False}
    base.update(kw)
    return base


@pytest.mark.parametrize(
    "residence, target, refused",
    [
        (HAKODATE, HAKODATE, True),
        (HAKODATE, HOKKAIDO, True),
        (CHUO_KU, SAPPORO, True),  # a ward resident lives in the city
        (CHUO_KU, HOKKAIDO, True),
        ("011029", SAPPORO, True),
        (SAPPORO, HAKODATE, False),
        (CHIYODA, HOKKAIDO, False),
    ],
)
def test_residence(residence, target, refused):
    rows = visits(CHUO_KU, "2026-06-01", "2026-07-01") + visits(HAKODATE, "2026-08-01", activity="x")
    rows += visits(HAKODATE, "2026-06-01", "2026-07-01", "2026-08-01")
    result = judge(attendance=rows, target=target, person=person(residence=residence))
    assert ("residence" in result["reasons"]) is refused


def test_mynumber_not_verified():
    result = judge(attendance=THREE_IN_HAKODATE, person=person(mynumber_verified=False))
    assert (result["eligible"], result["reasons"], result["expires"]) == (
        False,
        ["mynumber_not_verified"],
        None,
    )


@pytest.mark.parametrize(
    "minor, consent, missing",
    [
        (True, False, True),
        (True, True, False),
        (False, False, False),
        (False, True, False),
        (True, None, True),
        (False, None, False),
    ],
)
def test_guardian_consent(minor, consent, missing):
    p = person(minor=minor)
    if consent is None:
        del p["guardian_consent"]  # optional: absent means not given
    else:
        p["guardian_consent"] = consent
    result = judge(attendance=THREE_IN_HAKODATE, person=p)
    assert (result["reasons"] == ["guardian_consent_missing"]) is missing
    assert result["eligible"] is not missing


def test_all_reasons_in_contract_order():
    held = [
        {"lg": SAPPORO, "expires": "2027-12-31"},
        {"lg": AOMORI_SHI, "expires": "2027-12-31"},
        {"lg": "032018", "expires": "2027-12-31"},
    ]
    p = {"residence": HAKODATE, "mynumber_verified": False, "minor": True, "guardian_consent": False}
    result = judge(person=p, premium=held, attendance=visits(HAKODATE, "2026-08-01"))
    assert result["reasons"] == [
        "residence",
        "mynumber_not_verified",
        "guardian_consent_missing",
        "not_enough_activities",
        "premium_cap",
    ]
    assert (result["eligible"], result["expires"], result["long_stay"]) == (False, None, False)


# --- registrations: lapse, renewal, expiry, cap -----------------------------------------------


def test_lapsed_registration_is_ignored():
    held = [{"lg": HAKODATE, "expires": "2027-03-30"}]
    result = judge(premium=held, attendance=THREE_IN_HAKODATE)
    assert (result["renewal"], result["expires"]) == (False, "2028-03-30")


def test_registration_expiring_today_is_renewed():
    held = [{"lg": HAKODATE, "expires": "2027-03-31"}]
    result = judge(premium=held, attendance=THREE_IN_HAKODATE)
    assert (result["renewal"], result["expires"]) == (True, "2028-03-31")


def test_lapsed_registrations_do_not_fill_the_cap():
    held = [
        {"lg": SAPPORO, "expires": "2027-01-01"},
        {"lg": AOMORI_SHI, "expires": "2027-12-31"},
        {"lg": "032018", "expires": "2027-12-31"},
        {"lg": "472018", "expires": "2026-12-31"},
    ]
    assert judge(premium=held, attendance=THREE_IN_HAKODATE)["eligible"] is True


def test_renewal_is_not_counted_twice_in_the_cap():
    held = [
        {"lg": HAKODATE, "expires": "2027-05-31"},
        {"lg": AOMORI_SHI, "expires": "2027-12-31"},
        {"lg": "032018", "expires": "2027-12-31"},
    ]
    result = judge(premium=held, attendance=THREE_IN_HAKODATE)
    assert (result["eligible"], result["renewal"], result["expires"]) == (True, True, "2028-05-31")


def test_renewal_of_a_set_already_over_the_cap_is_refused():
    # Decision: the engine never approves a resulting set above the cap, renewals included.
    held = [
        {"lg": HAKODATE, "expires": "2027-05-31"},
        {"lg": AOMORI_SHI, "expires": "2027-12-31"},
        {"lg": "032018", "expires": "2027-12-31"},
        {"lg": "470007", "expires": "2027-12-31"},
    ]
    result = judge(premium=held, attendance=THREE_IN_HAKODATE)
    assert (result["renewal"], result["reasons"]) == (True, ["premium_cap"])


def test_renewal_refused_keeps_renewal_flag():
    held = [{"lg": HAKODATE, "expires": "2027-05-31"}]
    result = judge(premium=held, attendance=THREE_IN_HAKODATE[:2])
    assert (result["eligible"], result["renewal"], result["expires"]) == (False, True, None)


@pytest.mark.parametrize(
    "old, new",
    [
        ("2027-05-31", "2028-05-31"),
        ("2027-02-28", "2028-02-28"),  # CONTRACTS §4: "old expiry plus one year", leap day or not
        ("2028-02-28", "2029-02-28"),
        ("2028-02-29", "2029-02-28"),  # no 2029-02-29: the year ends at February's end
        ("2027-12-31", "2028-12-31"),
    ],
)
def test_renewal_expiry(old, new):
    result = judge(
        as_of="2027-02-01",
        premium=[{"lg": HAKODATE, "expires": old}],
        attendance=visits(HAKODATE, "2026-07-01", "2026-08-01", "2026-09-01"),
    )
    assert (result["renewal"], result["expires"]) == (True, new)


@pytest.mark.parametrize(
    "as_of, new",
    [
        ("2027-03-31", "2028-03-30"),
        ("2027-03-01", "2028-02-29"),
        ("2028-02-29", "2029-02-28"),
        ("2028-03-01", "2029-02-28"),
        ("2027-01-01", "2027-12-31"),
    ],
)
def test_new_registration_expiry(as_of, new):
    rows = visits(
        HAKODATE,
        "2026-07-01",
        "2026-08-01",
        "2026-09-01",
        "2027-06-01",
        "2027-07-01",
        "2027-08-01",
        "2028-01-01",
    )
    assert judge(as_of=as_of, attendance=rows)["expires"] == new


def test_expiry_after_is_one_year_to_the_day_before():
    day = date(2027, 1, 1)
    while day < date(2033, 1, 1):
        end = expiry_after(day)
        length = (end - day).days + 1
        assert length in (365, 366)
        assert expiry_after(end + timedelta(days=1)) > end
        day += timedelta(days=1)


# --- long stay ---------------------------------------------------------------------------------


def test_long_stay_counts_distinct_days_not_activities():
    rows = visits(HAKODATE, *days_from("2026-08-01", 10)) + visits(HAKODATE, "2026-08-01", activity="b")
    rows += visits(HAKODATE, "2026-10-01", "2026-11-01")
    settings = {HAKODATE: {"long_stay_days": 10}}
    result = judge(attendance=rows, settings=settings)
    assert (result["count"], result["stay_days"], result["long_stay"]) == (4, 12, True)


def test_long_stay_needs_eligibility_and_setting():
    rows = visits(HAKODATE, *days_from("2026-08-01", 12)) + THREE_IN_HAKODATE
    assert judge(attendance=rows)["long_stay"] is False  # not in use
    settings = {HAKODATE: {"long_stay_days": 10}}
    refused = judge(attendance=rows, settings=settings, person=person(mynumber_verified=False))
    assert (refused["stay_days"], refused["long_stay"]) == (14, False)


# --- optional parts and bad input --------------------------------------------------------------


def test_optional_sections_may_be_absent():
    case = make_case()
    for key in ("premium", "attendance", "settings"):
        del case[key]
    del case["person"]["guardian_consent"]
    result = evaluate_json(case)
    assert (result["count"], result["reasons"]) == (0, ["not_enough_activities"])


def test_settings_entry_keys_take_defaults():
    result = judge(attendance=THREE_IN_HAKODATE, settings={HAKODATE: {}})
    assert (result["required"], result["eligible"], result["long_stay"]) == (3, True, False)


def _mutate(path_and_value):
    case = make_case(
        premium=[{"lg": SAPPORO, "expires": "2027-12-31"}],
        attendance=copy.deepcopy(THREE_IN_HAKODATE),
        settings={HAKODATE: {"required": 3, "consecutive_days_each_count": False, "long_stay_days": 10}},
    )
    for path, value in path_and_value:
        *parents, last = path
        node = case
        for key in parents:
            node = node[key]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value
    return case


_DELETE = object()

BAD = [
    # unknown fields at every level
    ([(("extra",), 1)], "extra"),
    ([(("person", "name"), "x")], "person.name"),
    ([(("premium", 0, "since"), "2026-01-01")], "premium[0].since"),
    ([(("attendance", 2, "record_id"), "r")], "attendance[2].record_id"),
    ([(("settings", HAKODATE, "required_days"), 3)], f"settings.{HAKODATE}.required_days"),
    # missing required fields
    ([(("as_of",), _DELETE)], "as_of"),
    ([(("target",), _DELETE)], "target"),
    ([(("person",), _DELETE)], "person"),
    ([(("person", "residence"), _DELETE)], "person.residence"),
    ([(("person", "mynumber_verified"), _DELETE)], "person.mynumber_verified"),
    ([(("person", "minor"), _DELETE)], "person.minor"),
    ([(("premium", 0, "expires"), _DELETE)], "premium[0].expires"),
    ([(("attendance", 1, "activity"), _DELETE)], "attendance[1].activity"),
    ([(("attendance", 1, "venue"), _DELETE)], "attendance[1].venue"),
    ([(("attendance", 1, "date"), _DELETE)], "attendance[1].date"),
    # wrong types
    ([(("person",), [])], "person"),
    ([(("person", "mynumber_verified"), 1)], "person.mynumber_verified"),
    ([(("person", "minor"), "false")], "person.minor"),
    ([(("person", "guardian_consent"), None)], "person.guardian_consent"),
    ([(("premium",), {})], "premium"),
    ([(("premium", 0), SAPPORO)], "premium[0]"),
    ([(("attendance",), None)], "attendance"),
    ([(("attendance", 0), [])], "attendance[0]"),
    ([(("attendance", 0, "activity"), 7)], "attendance[0].activity"),
    ([(("attendance", 0, "activity"), " ")], "attendance[0].activity"),
    ([(("settings",), [])], "settings"),
    ([(("settings", HAKODATE), 3)], f"settings.{HAKODATE}"),
    ([(("settings", HAKODATE, "required"), True)], f"settings.{HAKODATE}.required"),
    ([(("settings", HAKODATE, "required"), 3.0)], f"settings.{HAKODATE}.required"),
    ([(("settings", HAKODATE, "required"), "3")], f"settings.{HAKODATE}.required"),
    ([(("settings", HAKODATE, "required"), None)], f"settings.{HAKODATE}.required"),
    (
        [(("settings", HAKODATE, "consecutive_days_each_count"), 0)],
        f"settings.{HAKODATE}.consecutive_days_each_count",
    ),
    ([(("settings", HAKODATE, "long_stay_days"), 0)], f"settings.{HAKODATE}.long_stay_days"),
    ([(("settings", HAKODATE, "long_stay_days"), 10.5)], f"settings.{HAKODATE}.long_stay_days"),
    ([(("settings", HAKODATE, "long_stay_days"), False)], f"settings.{HAKODATE}.long_stay_days"),
    # never fewer than three
    ([(("settings", HAKODATE, "required"), 2)], f"settings.{HAKODATE}.required"),
    ([(("settings", HAKODATE, "required"), 0)], f"settings.{HAKODATE}.required"),
    # codes: type, format, check digit, master, ward where a local government is needed
    ([(("target",), 12025)], "target"),
    ([(("target",), "12025")], "target"),
    ([(("target",), "０１２０２５")], "target"),
    ([(("target",), "012-025")], "target"),
    ([(("target",), "012026")], "target"),
    ([(("target",), "019992")], "target"),
    ([(("target",), CHUO_KU)], "target"),
    ([(("attendance", 2, "venue"), "012020")], "attendance[2].venue"),
    ([(("attendance", 2, "venue"), "480002")], "attendance[2].venue"),
    ([(("premium", 0, "lg"), CHUO_KU)], "premium[0].lg"),
    ([(("premium", 0, "lg"), "011003")], "premium[0].lg"),
    ([(("person", "residence"), HOKKAIDO)], "person.residence"),
    ([(("person", "residence"), "131017")], "person.residence"),
    ([(("settings", "012026"), {})], "settings.012026"),
    ([(("settings", CHUO_KU), {})], f"settings.{CHUO_KU}"),
    ([(("settings", "hakodate"), {})], "settings.hakodate"),
    # dates
    ([(("as_of",), "2027-02-29")], "as_of"),
    ([(("as_of",), "2027/03/31")], "as_of"),
    ([(("as_of",), "20270331")], "as_of"),
    ([(("as_of",), "2027-03-31T00:00:00")], "as_of"),
    ([(("as_of",), 20270331)], "as_of"),
    ([(("as_of",), "9999-01-01")], "as_of"),
    ([(("premium", 0, "expires"), "2027-13-01")], "premium[0].expires"),
    ([(("attendance", 1, "date"), "2026-7-1")], "attendance[1].date"),
    ([(("attendance", 1, "date"), "２０２６-０７-０１")], "attendance[1].date"),
]


@pytest.mark.parametrize("mutations, field", BAD, ids=[f for _, f in BAD])
def test_bad_input_names_the_field(mutations, field):
    error = error_of(_mutate(mutations))
    assert list(error) == ["error", "field"]
    assert error["field"] == field
    assert isinstance(error["error"], str) and error["error"]


def test_error_messages_say_what_is_wrong():
    assert "check digit" in error_of(make_case(target="012026"))["error"]
    assert "unknown" in error_of(make_case(target="019992"))["error"]
    assert "ward" in error_of(make_case(target=CHUO_KU))["error"]
    assert "never fewer" in error_of(make_case(settings={HAKODATE: {"required": 2}}))["error"]


@pytest.mark.parametrize("document", [[], "case", None, 3])
def test_document_that_is_not_an_object(document):
    assert error_of(document)["field"] is None


def test_two_unlapsed_registrations_for_one_place_are_refused():
    held = [{"lg": HAKODATE, "expires": "2027-05-31"}, {"lg": HAKODATE, "expires": "2027-06-30"}]
    assert error_of(make_case(premium=held))["field"] == "premium[1].lg"


def test_lapsed_history_may_repeat():
    held = [
        {"lg": HAKODATE, "expires": "2025-05-31"},
        {"lg": HAKODATE, "expires": "2026-05-31"},
        {"lg": HAKODATE, "expires": "2027-05-31"},
    ]
    assert judge(premium=held, attendance=THREE_IN_HAKODATE)["expires"] == "2028-05-31"


def test_parse_case_resolves_wards_to_their_city():
    case = parse_case(make_case(attendance=visits(CHUO_KU, "2026-08-01"), person=person(residence=CHUO_KU)))
    venue = case.attendance[0].venue
    assert (venue.code, venue.municipality, venue.prefecture) == (CHUO_KU, SAPPORO, HOKKAIDO)
    assert case.person.residence.municipality == SAPPORO
    assert case.target.is_prefecture is False


def test_progress_counts_like_the_verdict_without_a_person():
    from furusato.eligibility import progress_json

    attendance = [{"activity": "a", "venue": "011011", "date": d} for d in ("2026-06-01", "2026-06-02", "2026-06-03")]
    attendance.append({"activity": "b", "venue": "012025", "date": "2026-06-05"})
    case = {"as_of": "2026-12-01", "attendance": attendance, "target": "011002",
            "settings": {"011002": {"required": 4}}}
    assert progress_json(case) == {"target": "011002", "count": 1, "required": 4, "stay_days": 3}
    case["settings"]["011002"]["consecutive_days_each_count"] = True
    assert progress_json(case)["count"] == 3
    assert progress_json({**case, "target": "010006"})["count"] == 2  # the prefecture counts both cities
    full = evaluate_json({**case, "person": {"residence": "131016", "mynumber_verified": True, "minor": False}})
    assert (full["count"], full["stay_days"]) == (progress_json(case)["count"], progress_json(case)["stay_days"])
    with pytest.raises(CaseError) as refused:
        progress_json({**case, "person": {}})
    assert refused.value.field == "person"
