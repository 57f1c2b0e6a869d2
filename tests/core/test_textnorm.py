from hypothesis import given, settings
from hypothesis import strategies as st

from furusato.textnorm import (
    collapse_spaces,
    name_identity,
    normalize_hyphens,
    normalize_line,
    to_halfwidth_digits,
)


def test_halfwidth_digits_only_touches_digits():
    assert to_halfwidth_digits("０９０－１２３４ ＡＢ") == "090－1234 ＡＢ"


def test_every_dash_becomes_a_hyphen():
    for dash in "‐‑‒–—―−－﹣":
        assert normalize_hyphens(f"090{dash}1234") == "090-1234", dash


def test_choon_is_a_hyphen_only_after_a_digit():
    assert normalize_hyphens("090ー1234ｰ5678") == "090-1234-5678"
    assert normalize_hyphens("１００ー０００１") == "１００-０００１"
    assert normalize_hyphens("ラーメン ｱｰﾄ") == "ラーメン ｱｰﾄ"
    assert normalize_hyphens("3ーー4") == "3--4"


def test_collapse_spaces_includes_ideographic_space():
    assert collapse_spaces("\u3000山田\u3000\u3000太郎 \t\n") == "山田 太郎"
    assert collapse_spaces("山\u200b田") == "山田"


def test_normalize_line():
    assert normalize_line("　０９０ー１２３４－５６７８　") == "090-1234-5678"
    assert normalize_line("ﾔﾏﾀﾞ  ﾀﾛｳ") == "ヤマダ タロウ"


def test_name_identity_ignores_spaces_and_width():
    forms = ["山田 太郎", "山田　太郎", "山田太郎", " 山田\t太郎 ", "山田\u200b太郎"]
    assert {name_identity(f) for f in forms} == {"山田太郎"}
    assert name_identity("ＹＡＭＡＤＡ Ｔａｒｏ") == "YAMADATaro"


def test_name_identity_keeps_what_the_contract_keeps():
    # Case and script are part of the name: the contract only removes spaces and applies NFKC.
    assert name_identity("Taro") != name_identity("taro")
    assert name_identity("やまだ") != name_identity("ヤマダ")


@settings(max_examples=500)
@given(st.text())
def test_normalisers_are_idempotent(text):
    for f in (name_identity, normalize_line, collapse_spaces, normalize_hyphens):
        once = f(text)
        assert f(once) == once


@settings(max_examples=300)
@given(st.text())
def test_name_identity_has_no_whitespace(text):
    assert not any(c.isspace() for c in name_identity(text))
