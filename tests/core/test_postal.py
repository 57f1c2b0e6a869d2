from __future__ import annotations

import pytest

from furusato import lgcodes, postal


@pytest.mark.parametrize(
    "text",
    [
        "1000001",
        "100-0001",
        "〒100-0001",
        "〒 100-0001",
        "１００－０００１",
        "〒１００ー０００１",
        "100 0001",
        "100‐0001",
        "100−0001",
        "100—0001",
        " 100-0001\n",
        "郵便番号：100-0001",
    ],
)
def test_normalize_accepts_common_forms(text):
    assert postal.normalize(text) == "1000001"


@pytest.mark.parametrize("text", ["", None, "100-001", "10000011", "100-000a", "abc", "〒", "١٠٠٠٠٠١"])
def test_normalize_rejects(text):
    assert postal.normalize(text) is None


def test_lookup_chiyoda():
    (area,) = postal.lookup("100-0001")
    assert area == postal.PostalArea(
        "1000001", "131016", "東京都", "千代田区", "千代田", "トウキョウト", "チヨダク", "チヨダ"
    )
    assert area.address == "東京都千代田区千代田"


def test_lookup_sapporo_ward():
    (area,) = postal.lookup("０６０－０００１")
    assert area.address == "北海道札幌市中央区北一条西"
    assert area.lg_code == "011011"
    assert lgcodes.counting_code(area.lg_code) == "011002"


def test_placeholder_town_becomes_the_city_alone():
    (area,) = postal.lookup("1000000")  # 以下に掲載がない場合
    assert area.town == "" and area.town_kana == "" and area.address == "東京都千代田区"
    (area,) = postal.lookup("4090142")  # 小菅村の次に１〜６６３番地がくる場合
    assert area.town == "" and area.address == "山梨県北都留郡小菅村"


def test_code_with_several_areas():
    areas = postal.lookup("452-0961")
    assert len(areas) > 10
    assert {a.lg_code for a in areas} == {"232335"}  # 清須市
    assert all(a.postal_code == "4520961" for a in areas)
    assert "春日夢の森" in {a.town for a in areas}
    assert len(set(areas)) == len(areas)


def test_code_spanning_two_local_governments():
    codes = {a.lg_code for a in postal.lookup("004-0000")}
    assert codes == {"011088", "011100"}  # 札幌市厚別区, 清田区
    assert {lgcodes.counting_code(c) for c in codes} == {"011002"}


@pytest.mark.parametrize("text", ["0000000", "999-9999", "nonsense", "", "100-00011"])
def test_unknown_codes(text):
    assert postal.lookup(text) == []


def test_every_area_points_at_a_known_municipality_or_ward():
    index = postal._index()
    assert len(set(index.postal_code)) > 100_000
    assert index.postal_code == sorted(index.postal_code)
    for lg_code, prefecture, city, _pk, _ck in index.municipalities:
        assert lgcodes.is_valid_code(lg_code)
        lg = lgcodes.lookup(lg_code)
        assert lg is not None, lg_code
        assert lg.kind in ("municipality", "ward")
        assert lgcodes.lookup(lg.prefecture_code).name == prefecture
        assert city.endswith(lg.name)
    assert {i for i in index.municipality} == set(range(len(index.municipalities)))


def test_no_placeholder_text_left_in_towns():
    towns = set(postal._index().town)
    assert not {t for t in towns if "場合" in t or "地割" in t}


def test_areas_are_frozen():
    (area,) = postal.lookup("1000001")
    with pytest.raises(AttributeError):
        area.town = "x"  # type: ignore[misc]
