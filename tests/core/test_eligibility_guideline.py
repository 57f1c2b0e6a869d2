"""The national guideline's own examples (seeds/000_…txt, Ver.1.0), one test each, on real codes.

Stand-ins for the guideline's letters:
  X県 / A県 = 北海道 010006, with A市/X市 = 函館市 012025, Y市 = 小樽市 012033,
              B町 = ニセコ町 013951, C村 = 占冠村 014630
  B県 = 青森県 020001 (Y市 in B県 = 青森市 022012), C県 = 岩手県 030007 (Z市 = 盛岡市 032018),
  D県 = 沖縄県 470007. The person lives in 千代田区 131016, outside all of them.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import permutations

import pytest

from furusato.eligibility import evaluate_json

HOKKAIDO, HAKODATE, OTARU, NISEKO, SHIMUKAPPU = "010006", "012025", "012033", "013951", "014630"
AOMORI_KEN, AOMORI_SHI = "020001", "022012"
IWATE, MORIOKA = "030007", "032018"
OKINAWA = "470007"
CHIYODA = "131016"
AS_OF = "2027-03-31"
HELD_UNTIL = "2027-09-30"


def judge(target, attendance=(), premium=(), settings=None, as_of=AS_OF, **person) -> dict:
    return evaluate_json(
        {
            "as_of": as_of,
            "person": {"residence": CHIYODA, "mynumber_verified": True, "minor": False, **person},
            "premium": list(premium),
            "attendance": list(attendance),
            "settings": settings or {},
            "target": target,
        }
    )


def visits(venue, *days, activity="snow"):
    return [{"activity": activity, "venue": venue, "date": d} for d in days]


def three_visits(venue):
    return visits(venue, "2026-06-01", "2026-08-01", "2026-10-01")


def consecutive(venue, first, n, activity="snow"):
    start = date.fromisoformat(first)
    return visits(venue, *[(start + timedelta(days=i)).isoformat() for i in range(n)], activity=activity)


# --- III-2-4 都道府県における担い手活動の指定 ------------------------------------------------------


def test_iii_2_4_example_1_three_times_in_a_city_counts_for_city_and_prefecture():
    # 例1) X 県 A 市で3回担い手活動を行った場合、A 市と X 県のプレミアム登録の対象。
    rows = three_visits(HAKODATE)
    assert judge(HAKODATE, rows)["eligible"] is True
    assert judge(HOKKAIDO, rows)["eligible"] is True


def test_iii_2_4_example_2_once_each_in_three_places_counts_for_the_prefecture_only():
    # 例2) X 県内の A 市、B 町、C 村でそれぞれ1回担い手活動を行った場合、X 県のプレミアム登録の対象。
    rows = (
        visits(HAKODATE, "2026-06-01", activity="festival")
        + visits(NISEKO, "2026-08-01", activity="grass")
        + visits(SHIMUKAPPU, "2026-10-01", activity="snow")
    )
    prefecture = judge(HOKKAIDO, rows)
    assert (prefecture["eligible"], prefecture["count"]) == (True, 3)
    for municipality in (HAKODATE, NISEKO, SHIMUKAPPU):
        result = judge(municipality, rows)
        assert (result["eligible"], result["count"], result["reasons"]) == (
            False,
            1,
            ["not_enough_activities"],
        )


def test_iii_2_4_note_prefecture_designated_activity_is_recorded_for_both():
    # (※) 都道府県が生成・発信した活動についても、当該都道府県と実施場所市区町村の双方における活動実績として記録
    # Who designated an activity is not an input: the place where it was held decides.
    rows = three_visits(HAKODATE)
    for row in rows:
        row["activity"] = "hokkaido-pref-snow-project"
    assert judge(HAKODATE, rows)["count"] == 3
    assert judge(HOKKAIDO, rows)["count"] == 3


# --- II-4-4 連続する3日間の活動を3回の活動と取り扱うことも可能 ----------------------------------


def test_ii_4_4_three_consecutive_days_count_once_by_default():
    # Without the local government's choice, three days in a row of one activity are one visit.
    result = judge(NISEKO, consecutive(NISEKO, "2026-08-01", 3))
    assert (result["count"], result["eligible"]) == (1, False)


def test_ii_4_4_far_place_may_count_three_consecutive_days_as_three():
    # 首都圏から遠方の地域や離島等 … 連続する3日間の活動を3回の活動と取り扱うことも可能
    settings = {NISEKO: {"consecutive_days_each_count": True}}
    result = judge(NISEKO, consecutive(NISEKO, "2026-08-01", 3), settings=settings)
    assert (result["count"], result["eligible"], result["expires"]) == (3, True, "2028-03-30")


def test_ii_4_4_the_choice_belongs_to_each_local_government():
    # The town chose it; the prefecture did not, so for 北海道 the same run is still one visit.
    settings = {NISEKO: {"consecutive_days_each_count": True}}
    assert judge(HOKKAIDO, consecutive(NISEKO, "2026-08-01", 3), settings=settings)["count"] == 1


def test_ii_4_4_required_is_three_and_never_fewer():
    # 「年3回」の担い手活動を必須要件 — a local government may ask for more.
    assert judge(NISEKO, three_visits(NISEKO))["required"] == 3
    more = judge(NISEKO, three_visits(NISEKO), settings={NISEKO: {"required": 4}})
    assert (more["eligible"], more["required"]) == (False, 4)


# --- II-4-5 長期滞在者の明示 ------------------------------------------------------------------


def test_ii_4_5_long_stay_of_ten_days_is_marked():
    # 年間 10 日以上滞在を基本として地方自治体が設定
    settings = {NISEKO: {"long_stay_days": 10}}
    rows = consecutive(NISEKO, "2026-07-01", 10)
    rows += three_visits(NISEKO)
    result = judge(NISEKO, rows, settings=settings)
    assert (result["eligible"], result["stay_days"], result["long_stay"]) == (True, 13, True)


def test_ii_4_5_nine_days_are_not_enough():
    settings = {NISEKO: {"long_stay_days": 10}}
    rows = consecutive(NISEKO, "2026-07-01", 6) + three_visits(NISEKO)
    result = judge(NISEKO, rows, settings=settings)
    assert (result["stay_days"], result["long_stay"]) == (9, False)


def test_ii_4_5_the_mark_is_the_local_governments_choice():
    # この機能を利用するかは地方自治体の選択によります: null (or absent) means not used.
    rows = consecutive(NISEKO, "2026-07-01", 30) + three_visits(NISEKO)
    assert judge(NISEKO, rows)["long_stay"] is False
    assert judge(NISEKO, rows, settings={NISEKO: {"long_stay_days": None}})["long_stay"] is False
    assert judge(NISEKO, rows, settings={NISEKO: {"long_stay_days": 20}})["long_stay"] is True


def test_ii_4_5_only_premium_holders_are_marked():
    # プレミアム登録者のうち…: without premium eligibility there is no card to mark.
    rows = consecutive(NISEKO, "2026-07-01", 30)
    result = judge(NISEKO, rows, settings={NISEKO: {"long_stay_days": 10}})
    assert (result["eligible"], result["stay_days"], result["long_stay"]) == (False, 30, False)


# --- II-4-6 プレミアム登録の団体数上限 ----------------------------------------------------------

CAP_EXAMPLES = {
    # <登録可>
    "例1 ①A県X市 ②B県Y市 ③C県Z市": ([HAKODATE, AOMORI_SHI, MORIOKA], True),
    "例2 ①②A県X市・Y市 ③B県Z市": ([HAKODATE, OTARU, AOMORI_SHI], True),
    "例3 ①②A県X市・Y市 ③B県(市区町村登録なし)": ([HAKODATE, OTARU, AOMORI_KEN], True),
    # <登録不可>
    "例4 ①A県X市 ②B県Y市 ③C県Z市 ④D県(市区町村登録なし)": ([HAKODATE, AOMORI_SHI, MORIOKA, OKINAWA], False),
    "例5 ①②A県X市・Y市 ③B県(市区町村登録なし) ④C県(市区町村登録なし)": (
        [HAKODATE, OTARU, AOMORI_KEN, IWATE],
        False,
    ),
}


@pytest.mark.parametrize("name", list(CAP_EXAMPLES))
def test_ii_4_6_cap_examples_whichever_registration_comes_last(name):
    # The set is allowed or refused as a whole: applying for any member while holding the others
    # gives the same answer.
    members, allowed = CAP_EXAMPLES[name]
    for order in permutations(members):
        *held, target = order
        premium = [{"lg": code, "expires": HELD_UNTIL} for code in held]
        result = judge(target, three_visits(target), premium)
        assert result["eligible"] is allowed, (name, order)
        assert result["reasons"] == ([] if allowed else ["premium_cap"])


def test_ii_4_6_prefecture_of_a_held_city_is_not_counted():
    # 市区町村が登録されている場合の都道府県は除いてカウント: 函館市, 青森市, 盛岡市 held → 北海道 is free.
    held = [{"lg": code, "expires": HELD_UNTIL} for code in (HAKODATE, AOMORI_SHI, MORIOKA)]
    assert judge(HOKKAIDO, three_visits(HAKODATE), held)["eligible"] is True


def test_ii_4_6_a_city_applied_for_frees_its_prefecture():
    # Holding 北海道, 青森市, 盛岡市 (3), applying for 函館市: 北海道 stops counting, still 3.
    held = [{"lg": code, "expires": HELD_UNTIL} for code in (HOKKAIDO, AOMORI_SHI, MORIOKA)]
    assert judge(HAKODATE, three_visits(HAKODATE), held)["eligible"] is True
    assert judge(IWATE, three_visits(MORIOKA), held)["eligible"] is True  # 岩手県 is covered by 盛岡市
    # …but a prefecture with no held city inside it is a fourth.
    assert judge(OKINAWA, three_visits(OKINAWA), held)["reasons"] == ["premium_cap"]


# --- II-4-7 有効期間と更新 --------------------------------------------------------------------


def test_ii_4_7_registration_is_valid_for_one_year():
    # 登録されてから1年間有効
    assert judge(NISEKO, three_visits(NISEKO))["expires"] == "2028-03-30"


def test_ii_4_7_renewal_extends_from_the_old_expiry():
    # 有効期限までに再度…要件を満たした者が更新申請を行い、認められれば当該有効期限からさらに1年間有効
    held = [{"lg": NISEKO, "expires": "2027-05-31"}]
    result = judge(NISEKO, three_visits(NISEKO), held)
    assert (result["renewal"], result["eligible"], result["expires"]) == (True, True, "2028-05-31")


def test_ii_4_7_renewal_refused_without_activities():
    # 申請が認められなかった場合にはプレミアム登録は解除されベーシック登録となります
    held = [{"lg": NISEKO, "expires": "2027-05-31"}]
    result = judge(NISEKO, visits(NISEKO, "2026-06-01"), held)
    assert (result["renewal"], result["eligible"], result["expires"]) == (True, False, None)


def test_ii_4_7_after_lapse_a_new_application_uses_the_last_year():
    # プレミアム登録が解除されても、直近1年間の実績により再びプレミアム登録の要件を満たした場合には再度登録申請が可能
    lapsed = [{"lg": NISEKO, "expires": "2027-02-28"}]
    result = judge(NISEKO, three_visits(NISEKO), lapsed)
    assert (result["renewal"], result["eligible"], result["expires"]) == (False, True, "2028-03-30")
    # Activities older than the last year do not carry over.
    old = visits(NISEKO, "2026-04-10", "2026-05-10", "2026-06-10")
    late = judge(NISEKO, old, lapsed, as_of="2027-07-01")
    assert (late["count"], late["eligible"]) == (0, False)
