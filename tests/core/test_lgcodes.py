from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from furusato import lgcodes
from furusato.lgcodes import CodeError

KNOWN = {"010006": "北海道", "011002": "札幌市", "011011": "札幌市中央区", "131016": "千代田区"}


def by_kind(kind: str) -> list[lgcodes.LocalGovernment]:
    return [lg for lg in lgcodes.all_local_governments() if lg.kind == kind]


@pytest.mark.parametrize("code", sorted(KNOWN))
def test_known_check_digits(code):
    assert lgcodes.check_digit(code[:5]) == code[5]
    assert lgcodes.is_valid_code(code)


def test_check_digit_edge_cases():
    # r = 0 gives 1, r = 1 gives 0 (DOMAIN "Codes").
    assert lgcodes.check_digit("00000") == "1"
    assert lgcodes.check_digit("00002") == "7"  # r = 4 → 7
    with pytest.raises(CodeError):
        lgcodes.check_digit("１３１０１")


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_exactly_one_check_digit_is_valid(five):
    valid = [d for d in "0123456789" if lgcodes.is_valid_code(five + d)]
    assert valid == [lgcodes.check_digit(five)]


def test_every_code_in_the_master_has_a_correct_check_digit():
    entries = lgcodes.all_local_governments()
    assert len(entries) > 1900
    bad = [lg.code for lg in entries if not lgcodes.is_valid_code(lg.code)]
    assert bad == []
    for lg in entries:
        assert lgcodes.is_valid_code(lg.prefecture_code)
        assert lg.city_code is None or lgcodes.is_valid_code(lg.city_code)


@pytest.mark.parametrize(("code", "name"), sorted(KNOWN.items()))
def test_known_entries(code, name):
    lg = lgcodes.lookup(code)
    assert lg is not None and lg.name == name


def test_entry_fields():
    assert lgcodes.lookup("010006") == lgcodes.LocalGovernment(
        "010006", "北海道", "ホッカイドウ", "prefecture", "010006", None
    )
    assert lgcodes.lookup("011002") == lgcodes.LocalGovernment(
        "011002", "札幌市", "サッポロシ", "municipality", "010006", None
    )
    assert lgcodes.lookup("011011") == lgcodes.LocalGovernment(
        "011011", "札幌市中央区", "サッポロシチュウオウク", "ward", "010006", "011002"
    )
    assert lgcodes.lookup("131016").kind == "municipality"


def test_kana_is_full_width_katakana():
    import re

    bad = [lg for lg in lgcodes.all_local_governments() if not re.fullmatch(r"[ァ-ヴー]+", lg.kana)]
    assert bad == []


def test_47_prefectures():
    prefs = by_kind("prefecture")
    assert len(prefs) == 47
    assert all(p.code[2:5] == "000" and p.prefecture_code == p.code for p in prefs)
    assert {p.name for p in prefs} >= {"北海道", "東京都", "大阪府", "京都府", "沖縄県"}


def test_20_designated_cities_own_their_wards():
    cities = {w.city_code for w in by_kind("ward")}
    assert len(cities) == 20
    names = {lgcodes.lookup(c).name for c in cities}
    assert {"札幌市", "横浜市", "大阪市", "浜松市", "熊本市", "相模原市"} <= names
    for code in cities:
        city = lgcodes.lookup(code)
        assert city.kind == "municipality" and city.city_code is None
        wards = [w for w in by_kind("ward") if w.city_code == code]
        assert len(wards) >= 3
        for w in wards:
            assert w.name.startswith(city.name) and w.kana.startswith(city.kana)
            assert w.prefecture_code == city.prefecture_code


def test_tokyo_special_wards_are_municipalities():
    tokyo = [lg for lg in lgcodes.all_local_governments() if lg.prefecture_code == "130001"]
    special = [lg for lg in tokyo if lg.name.endswith("区")]
    assert len(special) == 23
    assert all(lg.kind == "municipality" and lg.city_code is None for lg in special)
    assert all(lgcodes.counting_code(lg.code) == lg.code for lg in special)


def test_municipality_names_drop_the_county():
    assert lgcodes.lookup("014001").name == "倶知安町"  # 虻田郡倶知安町
    assert lgcodes.lookup("014001").kana == "クッチャンチョウ"
    assert lgcodes.lookup("103446").kana == "シントウムラ"  # 北群馬郡: the county reading has グン twice


def test_prefecture_of():
    assert lgcodes.prefecture_of("011011") == "010006"
    assert lgcodes.prefecture_of("131016") == "130001"
    assert lgcodes.prefecture_of("130001") == "130001"
    assert lgcodes.prefecture_of("２７１００４") == "270008"
    for lg in lgcodes.all_local_governments():
        assert lgcodes.prefecture_of(lg.code) == lg.prefecture_code


@pytest.mark.parametrize("city", ["札幌市", "大阪市", "浜松市"])
def test_counting_code_maps_every_ward_to_its_city(city):
    (city_lg,) = [lg for lg in by_kind("municipality") if lg.name == city]
    wards = [w for w in by_kind("ward") if w.name.startswith(city)]
    assert wards
    for w in wards:
        assert lgcodes.counting_code(w.code) == city_lg.code
    assert lgcodes.counting_code(city_lg.code) == city_lg.code


def test_counting_code_leaves_others_alone():
    assert lgcodes.counting_code("131016") == "131016"
    assert lgcodes.counting_code("010006") == "010006"
    assert lgcodes.counting_code("999999") == "999999"


def test_is_prefecture():
    assert lgcodes.is_prefecture("130001")
    assert not lgcodes.is_prefecture("131016")
    assert not lgcodes.is_prefecture("nonsense")


def test_parse_code_accepts_full_width_and_spacing():
    assert lgcodes.parse_code("１３１０１６") == "131016"
    assert lgcodes.parse_code(" 131016 ") == "131016"
    assert lgcodes.parse_code("13101-6") == "131016"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "format"),
        ("13101", "format"),
        ("1310160", "format"),
        ("13101a", "format"),
        ("١٣١٠١٦", "format"),  # Arabic-Indic digits: isdigit() but not a code
        ("131017", "check_digit"),
        ("011012", "check_digit"),
    ],
)
def test_parse_code_errors(text, reason):
    with pytest.raises(CodeError) as info:
        lgcodes.parse_code(text)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)


def test_require():
    assert lgcodes.require("１３１０１６").name == "千代田区"
    unknown = "99999" + lgcodes.check_digit("99999")
    with pytest.raises(CodeError) as info:
        lgcodes.require(unknown)
    assert info.value.reason == "unknown"
    with pytest.raises(CodeError) as info:
        lgcodes.require("131017")
    assert info.value.reason == "check_digit"


def test_lookup_unknown_and_invalid():
    assert lgcodes.lookup("999999") is None
    assert lgcodes.lookup("131017") is None
    assert not lgcodes.is_valid_code("１３１０１６")
    assert not lgcodes.is_valid_code(None)  # type: ignore[arg-type]


def test_search_by_name_and_kana():
    assert [lg.code for lg in lgcodes.search("千代田区")] == ["131016"]
    assert {lg.name for lg in lgcodes.search("千代田")} == {"千代田区", "千代田町"}
    kita = lgcodes.search("北区")
    assert kita[0].name == "北区"  # Tokyo's, the only name starting with it
    assert {lg.name for lg in kita[1:]} >= {"札幌市北区", "大阪市北区"}
    sapporo = lgcodes.search("さっぽろ")  # hiragana matches the katakana reading
    assert sapporo[0].code == "011002" and len(sapporo) == 11
    assert "011011" in {lg.code for lg in lgcodes.search("ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ")}
    assert lgcodes.search("") == [] and lgcodes.search("  ") == []


def test_search_names_written_in_hiragana():
    assert [lg.code for lg in lgcodes.search("伊豆の国")] == ["222259"]
    assert "111007" in {lg.code for lg in lgcodes.search("さいたま市")}
    assert "111007" in {lg.code for lg in lgcodes.search("サイタマ")}


def test_full_name_puts_the_prefecture_first():
    assert lgcodes.full_name("152102") == "新潟県十日町市"
    assert lgcodes.full_name("011011") == "北海道札幌市中央区"  # a ward's name holds its city's
    assert lgcodes.full_name("010006") == "北海道"
    assert lgcodes.full_name("999999") == "999999"
