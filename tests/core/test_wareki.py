from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from furusato.wareki import ERAS, GREGORIAN_START, WarekiError, era_of, format_wareki, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-04-01", date(1990, 4, 1)),
        ("1990/4/1", date(1990, 4, 1)),
        ("1990.4.1", date(1990, 4, 1)),
        ("1990年4月1日", date(1990, 4, 1)),
        ("19900401", date(1990, 4, 1)),
        ("平成2年4月1日", date(1990, 4, 1)),
        ("平成元年4月1日", date(1989, 4, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("大正15年12月25日", date(1926, 12, 25)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("明治45年7月30日", date(1912, 7, 30)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("明治6年1月1日", date(1873, 1, 1)),
        ("H2.4.1", date(1990, 4, 1)),
        ("h2.4.1", date(1990, 4, 1)),
        ("R1/5/1", date(2019, 5, 1)),
        ("S60-1-1", date(1985, 1, 1)),
        ("T5.2.3", date(1916, 2, 3)),
        ("M40.10.10", date(1907, 10, 10)),
        ("H元.4.1", date(1989, 4, 1)),
        ("平成2/4/1", date(1990, 4, 1)),
        ("平成2年4月1", date(1990, 4, 1)),
        ("H02.04.01", date(1990, 4, 1)),
        # Full width, stray spaces, IME dashes, era ligatures.
        ("平成２年４月１日", date(1990, 4, 1)),
        ("１９９０－０４－０１", date(1990, 4, 1)),
        ("1990ー04ー01", date(1990, 4, 1)),
        ("1990−04−01", date(1990, 4, 1)),
        ("Ｈ２．４．１", date(1990, 4, 1)),
        (" 平成 2 年 4 月 1 日 ", date(1990, 4, 1)),
        ("\u3000１９９０年\u3000４月１日\u3000", date(1990, 4, 1)),
        ("㍻2年4月1日", date(1990, 4, 1)),
        ("㋿1年5月1日", date(2019, 5, 1)),
        ("㍼60年1月1日", date(1985, 1, 1)),
    ],
)
def test_accepts(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("昭和64年1月8日", "era_range"),
        ("平成31年5月1日", "era_range"),
        ("令和元年4月30日", "era_range"),
        ("平成元年1月7日", "era_range"),
        ("大正15年12月26日", "era_range"),
        ("明治45年7月31日", "era_range"),
        ("大正元年7月29日", "era_range"),
        ("H32.1.1", "era_range"),
        ("1990-02-30", "date_invalid"),
        ("1990-13-01", "date_invalid"),
        ("平成0年1月1日", "date_invalid"),
        ("H2.2.30", "date_invalid"),
        ("明治5年12月2日", "before_gregorian"),
        ("1872-12-31", "before_gregorian"),
        ("", "empty"),
        ("　 ", "empty"),
        ("abc", "format"),
        ("X2.4.1", "format"),
        ("H2.4/1", "format"),
        ("1990-04", "format"),
        ("平成二年四月一日", "format"),
        ("90-04-01", "format"),
        ("H123.1.1", "era_range"),
        ("H1234.1.1", "format"),
        ("१९९०-०४-०१", "format"),  # other scripts' digits are not read as numbers
    ],
)
def test_refuses(text, reason):
    with pytest.raises(WarekiError) as caught:
        parse_date(text)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", [None, 19900401, date(1990, 4, 1), b"1990-04-01"])
def test_refuses_non_strings(value):
    with pytest.raises(WarekiError) as caught:
        parse_date(value)
    assert caught.value.reason == "wrong_type"


def test_eras_are_contiguous():
    for earlier, later in zip(ERAS, ERAS[1:], strict=False):
        assert later.start - earlier.end in (timedelta(0), timedelta(days=1))


def test_format_wareki():
    assert format_wareki(date(1990, 4, 1)) == "平成2年4月1日"
    assert format_wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert format_wareki(date(1989, 1, 7)) == "昭和64年1月7日"
    assert format_wareki(date(1912, 7, 30)) == "大正元年7月30日"
    with pytest.raises(WarekiError):
        format_wareki(date(1872, 1, 1))


@settings(max_examples=1000)
@given(st.dates(min_value=GREGORIAN_START, max_value=date(2200, 12, 31)))
def test_round_trips(d):
    assert parse_date(format_wareki(d)) == d
    assert parse_date(d.isoformat()) == d
    era = era_of(d)
    year = d.year - era.first_year + 1
    assert parse_date(f"{era.letter}{year}.{d.month}.{d.day}") == d


@settings(max_examples=2000)
@given(
    st.text(
        alphabet=st.sampled_from("0123456789０１２３４５６７８９年月日元-/.ー 平成令和昭大正明治HRSMTx"),
        max_size=16,
    )
)
def test_only_wareki_errors(text):
    try:
        d = parse_date(text)
    except WarekiError as e:
        assert e.reason in {"empty", "format", "date_invalid", "era_range", "before_gregorian"}
    else:
        assert d >= GREGORIAN_START
