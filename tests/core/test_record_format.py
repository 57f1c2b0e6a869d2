"""Values as a Japanese office writes them (furusato.record_format) and local governments' full names."""

from datetime import date, datetime, timedelta, timezone

from furusato import lgcodes
from furusato import record_format as fmt
from furusato.activity import JST


def test_postal_codes_get_their_hyphen_and_keep_the_leading_zero():
    assert fmt.postal_display("0400001") == "040-0001"
    assert fmt.postal_display("9421526") == "942-1526"
    # Not seven ASCII digits: shown as stored rather than guessed at.
    assert fmt.postal_display("040-0001") == "040-0001"
    assert fmt.postal_display("０４００００１") == "０４００００１"
    assert fmt.postal_display("") == "" and fmt.postal_display(None) == ""


def test_phones_in_their_national_form():
    assert fmt.phone_national("+819012345678") == "090-1234-5678"
    assert fmt.phone_national("+81312345678") == "03-1234-5678"
    assert fmt.phone_national("+81255951234") == "025-595-1234"
    assert fmt.phone_national("090-1234-5678") == "090-1234-5678"  # already national
    assert fmt.phone_national("not a phone") == "not a phone"
    assert fmt.phone_national("+8112") == "+8112"  # unparseable as a real number: as stored
    assert fmt.phone_national(None) == ""


def test_times_to_the_minute_in_japan_time():
    assert fmt.minute("2026-11-22T10:05:59.123456+09:00") == datetime(2026, 11, 22, 10, 5, tzinfo=JST)
    # An instant stored in UTC is shown as the clock on the wall in Japan.
    assert fmt.minute("2026-11-22T01:05:30+00:00") == datetime(2026, 11, 22, 10, 5, tzinfo=JST)
    assert fmt.minute("2026-11-22T10:05:30") == datetime(2026, 11, 22, 10, 5, tzinfo=JST)  # no offset: Japan
    assert fmt.minute(datetime(2026, 11, 21, 16, 0, 1, tzinfo=timezone(timedelta(hours=-8)))).hour == 9
    assert fmt.minute("yesterday") is None and fmt.minute(None) is None
    assert fmt.minute_text("2026-11-22T10:05:59.9+09:00") == "2026-11-22 10:05"
    assert fmt.minute_text("2026-11-22T10:05:59+09:00", fmt.WAREKI) == "令和8年11月22日 10:05"


def test_dates_western_or_wareki():
    assert fmt.date_text("2026-04-01") == "2026-04-01"
    assert fmt.date_text(date(2026, 4, 1), fmt.WAREKI) == "令和8年4月1日"
    assert fmt.date_text("1990-04-01", fmt.WAREKI) == "平成2年4月1日"
    assert fmt.date_text("2019-05-01", fmt.WAREKI) == "令和元年5月1日"
    assert fmt.date_text("1872-12-31", fmt.WAREKI) == "1872-12-31"  # no simple 和暦 before 1873
    assert fmt.date_text("not a date") == "not a date"
    assert fmt.date_text(None) == ""


def test_codes_in_japanese():
    assert [fmt.status_text(s) for s in ("active", "cancelled", "corrected")] == ["有効", "取消", "訂正"]
    assert fmt.kind_text(True) == "登録証" and fmt.kind_text(False) == "手書き"
    assert [fmt.gender_text(g) for g in ("female", "male", "other", "unspecified", None)] == [
        "女性", "男性", "その他", "回答しない", ""]
    assert fmt.status_text("something_new") == "something_new"


def test_full_names_of_local_governments():
    assert lgcodes.full_name("152102") == "新潟県十日町市"
    assert lgcodes.full_name("011011") == "北海道札幌市中央区"
    assert lgcodes.full_name("010006") == "北海道"
    assert lgcodes.full_name("131016") == "東京都千代田区"
    assert lgcodes.full_name("999999") == "999999"
