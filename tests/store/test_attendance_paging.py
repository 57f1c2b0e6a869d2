"""The attendance list's data path over a few thousand real check-ins: pages, counts, orders, day
filter, and the keyed search that finds people without opening anyone else's details."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from desktop.checkin import CheckinService
from desktop.station import Station
from desktop.store.attendance_view import AttendanceQuery, AttendanceView, sort_key
from furusato.activity import JST, Activity, ActivityKind
from furusato.keys import KeySet, generate_key, save_jwks
from furusato.outcomes import Outcome
from tests.store.conftest import NOW
from tests.store.records import manual

ACTIVITY = "paging-fest"
DAYS = [NOW.date() - timedelta(days=2), NOW.date() - timedelta(days=1), NOW.date()]
PER_DAY = 800
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林"]
GIVEN = ["花子", "一郎", "美咲", "翔太", "由美", "健太", "拓也", "結衣", "直樹", "恵"]


def _name(n: int) -> str:
    return f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n // len(SURNAMES)) % len(GIVEN)]}"


class Unseals:
    """Counts (and remembers) every details blob the station opens."""

    def __init__(self, ledger):
        self.record_ids: list[str] = []
        self._inner = ledger.unseal
        ledger.unseal = self  # the instance attribute shadows the method: every caller comes here

    def __call__(self, stored, record_id):
        self.record_ids.append(record_id)
        return self._inner(stored, record_id)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """2,400 card check-ins over three days, then the hand-written people the search tests look for."""
    root = tmp_path_factory.mktemp("paging")
    save_jwks(root / "trusted_keys.jwks.json", KeySet.of(generate_key()).to_jwks())
    station = Station.open(root, now=NOW)
    station.activities.upsert(Activity(
        id=ACTIVITY, title="ページング祭", kind=ActivityKind.DESIGNATED_PROJECT, designating_lg="152102",
        venue_lg="152102", starts_at=NOW.replace(hour=0) - timedelta(days=2),
        ends_at=NOW.replace(hour=23, minute=59), source="demo"))
    ids = {}
    for d, day in enumerate(DAYS):
        for n in range(PER_DAY):
            at = NOW.replace(hour=8) + timedelta(days=d - 2, seconds=20 * n)
            appended = station.ledger.check_in(
                activity_id=ACTIVITY, day=day, at=at.astimezone(JST), person_key=f"card:pg{n:05d}",
                details={"name": _name(n), "token": "eyJ.x.y"})
            ids[(d, n)] = appended.record_id
    for n in range(12):  # cards that carry no name: the list shows (and searches) their subject id
        station.ledger.check_in(activity_id=ACTIVITY, day=DAYS[2], at=NOW.replace(hour=18, minute=n),
                                person_key=f"card:anon-{n:04d}", details={"token": "eyJ.x.y"})
    service = CheckinService(station)
    at = NOW.replace(hour=19)
    typed = {
        "yamada": manual("山田　太郎", name_kana="ヤマダ タロウ", email="Taro.Yamada@example.jp", phone="090-1234-5678"),
        "latin": manual("Smith John", birth="1980-01-02", email="john@example.com", phone="080-9999-0000"),
    }
    hand = {}
    for key, record in typed.items():
        result = service.check_in_manual(ACTIVITY, record, at=at)
        assert result.outcome is Outcome.RECORDED, result
        hand[key] = result.record_id
    yield station, ids, hand
    station.close()


def test_pages_follow_the_order_without_gaps_or_repeats(filled):
    station, ids, hand = filled
    view = AttendanceView(station.engine, station.ledger)
    query = AttendanceQuery(ACTIVITY)
    assert view.count(query) == 3 * PER_DAY + 14
    seen, after = [], None
    while True:
        page = view.page(query, after, 250)
        seen.extend(page)
        if len(page) < 250:
            break
        after = sort_key(page[-1], query)
    assert len(seen) == 3 * PER_DAY + 14 and len({r.record_id for r in seen}) == len(seen)
    keys = [(r.day, r.entry_at, r.record_id) for r in seen]
    assert keys == sorted(keys)
    assert seen[0].record_id == ids[(0, 0)] and seen[-1].record_id in hand.values()
    # Descending is the same rows backwards.
    backwards = list(view.iter_rows(AttendanceQuery(ACTIVITY, descending=True), batch=333))
    assert [r.record_id for r in backwards] == [r.record_id for r in reversed(seen)]


def test_day_filter_counts_and_orders_in_sqlite(filled):
    station, ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    middle = AttendanceQuery(ACTIVITY, DAYS[1].isoformat())
    assert view.count(middle) == PER_DAY
    rows = list(view.iter_rows(middle, batch=97))
    assert [r.record_id for r in rows] == [ids[(1, n)] for n in range(PER_DAY)]
    assert view.count(AttendanceQuery(ACTIVITY, "2020-01-01")) == 0
    assert view.active_count(ACTIVITY, DAYS[1].isoformat()) == PER_DAY


def test_newest_first_pages_consistently(filled):
    station, ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    query = AttendanceQuery(ACTIVITY, DAYS[0].isoformat(), descending=True)
    rows = list(view.iter_rows(query, batch=64))
    assert [r.record_id for r in rows] == [ids[(0, n)] for n in reversed(range(PER_DAY))]


def test_opening_a_page_unseals_nothing_and_reading_a_name_unseals_that_row(filled):
    station, _ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    unseals = Unseals(station.ledger)
    try:
        page = view.page(AttendanceQuery(ACTIVITY), None, 200)
        assert len(page) == 200 and unseals.record_ids == []
        assert page[5].display_name == _name(5)
        assert unseals.record_ids == [page[5].record_id]
        page[5].display_name  # noqa: B018 (opened once, then remembered)
        assert len(unseals.record_ids) == 1
    finally:
        del station.ledger.unseal


@pytest.mark.parametrize("typed, key", [
    ("山田", "yamada"), ("山田太郎", "yamada"), ("山田 太郎", "yamada"), ("山田　太郎", "yamada"),
    ("やまだ", "yamada"), ("ﾔﾏﾀﾞ ﾀﾛｳ", "yamada"), ("ヤマダタロウ", "yamada"), ("太郎 山田", "yamada"),
    ("ｔａｒｏ．ｙａｍａｄａ", "yamada"), ("TARO.YAMADA@EXAMPLE", "yamada"), ("yamada@", "yamada"),
    ("０９０－１２３４", "yamada"), ("1234-5678", "yamada"), ("45678", "yamada"), ("smith", "latin"),
    ("ＳＭＩＴＨ　ｊｏｈｎ", "latin"), ("080 9999", "latin"), ("example.com", "latin"),
])
def test_search_finds_hand_written_people_however_it_is_typed(filled, typed, key):
    station, _ids, hand = filled
    view = AttendanceView(station.engine, station.ledger)
    unseals = Unseals(station.ledger)
    try:
        rows = list(view.iter_rows(AttendanceQuery(ACTIVITY, search=typed)))
        assert [r.record_id for r in rows] == [hand[key]]
        assert view.count(AttendanceQuery(ACTIVITY, search=typed)) == 1
        assert unseals.record_ids == []  # found without opening a single blob
    finally:
        del station.ledger.unseal


def test_search_by_name_opens_only_the_rows_that_match(filled):
    station, ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    unseals = Unseals(station.ledger)
    try:
        wanted = {ids[(d, n)] for d in range(3) for n in range(PER_DAY) if _name(n) == "田中 健太"}
        rows = list(view.iter_rows(AttendanceQuery(ACTIVITY, search="田中健太")))
        assert {r.record_id for r in rows} == wanted and len(wanted) == 3 * PER_DAY // 80
        assert [r.display_name for r in rows] == ["田中 健太"] * len(wanted)
        assert set(unseals.record_ids) == wanted  # every match opened once to show it, nobody else
        assert len(unseals.record_ids) == len(wanted)

        one_day = AttendanceQuery(ACTIVITY, DAYS[2].isoformat(), search="健太")
        assert view.count(one_day) == PER_DAY // 10
        assert {r.day for r in view.iter_rows(one_day, with_details=False)} == {DAYS[2].isoformat()}
        assert view.count(AttendanceQuery(ACTIVITY, search="佐 花子")) == 3 * PER_DAY // 80
        assert view.count(AttendanceQuery(ACTIVITY, search="存在しない")) == 0
    finally:
        del station.ledger.unseal


def test_a_card_without_a_name_is_found_by_the_start_of_its_subject_id(filled):
    station, _ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    rows = list(view.iter_rows(AttendanceQuery(ACTIVITY, search="anon-000")))
    assert [r.person_key for r in rows] == [f"card:anon-{n:04d}" for n in range(10)]
    assert [r.display_name for r in rows][:2] == ["anon-0000", "anon-0001"]
    assert view.count(AttendanceQuery(ACTIVITY, search="ｎｏｎ－０")) == 0  # a start, not anywhere
    assert view.count(AttendanceQuery(ACTIVITY, search="pg0012")) == 0  # named cards: found by name


def test_a_lone_letter_does_not_empty_the_list(filled):
    station, _ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    # One Latin letter cannot be searched for in e-mails; the name, kana and card fields still try it.
    assert view.count(AttendanceQuery(ACTIVITY, search="s")) == 1  # "smith john"


def test_the_index_holds_no_readable_piece_of_a_name(filled):
    station, _ids, hand = filled
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        tokens = [t for (t,) in conn.execute("SELECT token FROM details_search")]
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tokens and all(isinstance(t, int) and -2**31 <= t < 2**31 for t in tokens)
    assert "details_search" in tables
    index = station.ledger.search
    # Another activity, another field or another station (another data key): another token.
    assert index.token(ACTIVITY, "n", "山田") != index.token("demo-jichikai", "n", "山田")
    assert index.token(ACTIVITY, "n", "山田") != index.token(ACTIVITY, "k", "山田")
    other = Station.open(station.root.parent / "other", now=NOW)
    try:
        assert other.ledger.search.token(ACTIVITY, "n", "山田") != index.token(ACTIVITY, "n", "山田")
    finally:
        other.close()


def test_queries_are_ranges_of_the_indexes(filled):
    station, _ids, _hand = filled
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        def plan(sql, *params):
            return " | ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

        page = plan("SELECT record_id FROM attendance a WHERE a.activity_id = ? AND a.day = ? "
                    "ORDER BY a.day, a.entry_at, a.record_id LIMIT 200", ACTIVITY, DAYS[0].isoformat())
        assert "ix_attendance_activity_day_entry" in page and "TEMP B-TREE" not in page
        duplicate = plan("SELECT record_id FROM attendance WHERE activity_id = ? AND day = ? AND person_key = ? "
                         "AND status = 'active'", ACTIVITY, DAYS[0].isoformat(), "card:x")
        assert "ux_attendance_active" in duplicate
        token = plan("SELECT ord, seq FROM details_search WHERE token = ? ORDER BY ord, seq LIMIT 200", 1)
        assert "PRIMARY KEY" in token and "TEMP B-TREE" not in token


def test_search_results_page_in_entry_order_both_ways(filled):
    station, ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    wanted = [ids[(d, n)] for d in range(3) for n in range(PER_DAY) if "健太" in _name(n)]
    query = AttendanceQuery(ACTIVITY, search="健太")
    assert view.count(query) == len(wanted) == 3 * PER_DAY // 10
    assert [r.record_id for r in view.iter_rows(query, batch=37)] == wanted
    backwards = AttendanceQuery(ACTIVITY, search="健太", descending=True)
    assert [r.record_id for r in view.iter_rows(backwards, batch=37)] == wanted[::-1]
    middle = {ids[(1, n)] for n in range(PER_DAY)}
    one_day = AttendanceQuery(ACTIVITY, DAYS[1].isoformat(), search="健太")
    assert [r.record_id for r in view.iter_rows(one_day, batch=7)] == [i for i in wanted if i in middle]


@pytest.mark.parametrize("typed", [
    "\ud800", "山\udc00田", "\x00", "' OR 1=1 --", "%", "_", "a" * 100_000, "山田 " * 5000, "😀", "👩‍👩‍👧",
    "\u0301", "e\u0301", "\u200b", "\t\n\r", "ｱ" * 40, "\U0010ffff", "<script>", "0" * 64,
])
def test_hostile_searches_answer_without_error_and_bounded(filled, typed):
    station, _ids, _hand = filled
    view = AttendanceView(station.engine, station.ledger)
    query = AttendanceQuery(ACTIVITY, search=typed)
    count = view.count(query)
    rows = view.page(query, None, 50)
    assert isinstance(count, int) and 0 <= count <= 3 * PER_DAY + 14 and len(rows) == min(count, 50)


def test_a_long_paste_is_cut_to_the_first_terms():
    from furusato.search_terms import MAX_TERM_CHARACTERS, MAX_TERMS, query_terms

    terms = query_terms("山田 " * 5000 + "佐藤" * 10_000)
    assert len(terms) == MAX_TERMS
    assert all(len(word) <= MAX_TERM_CHARACTERS for word, _ in query_terms("佐" * 10_000))
