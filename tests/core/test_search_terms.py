import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from furusato.search_terms import (
    EMAIL,
    KANA,
    NAME,
    PHONE,
    SUBJECT,
    field_forms,
    fold,
    pieces,
    query_terms,
    record_pieces,
)


def _found(details, text, person_key=""):
    """True when every term of `text` matches one field of the record (what the index answers)."""
    have = record_pieces(details, person_key)
    return all(any(all((field, p) in have for p in wanted) for field, wanted in term.items())
               for _word, term in query_terms(text))


def test_fold_removes_what_the_manual_form_ignores_and_kana_script():
    assert fold("山田　太郎") == fold("山田 太郎") == fold("山田太郎") == "山田太郎"
    assert fold("ヤマダ タロウ") == fold("ﾔﾏﾀﾞ ﾀﾛｳ") == fold("やまだたろう") == "やまだたろう"
    assert fold("ＳＭＩＴＨ John") == "smithjohn"
    assert fold("山田\u200b太郎") == "山田太郎"
    assert fold("ヴァン・ヽ") == "ゔぁん・ゝ"


def test_a_record_is_found_by_its_fields_forms():
    details = {"name": "山田 太郎", "name_kana": "ヤマダ タロウ", "email": "Taro.Yamada@Example.jp",
               "phone": "+819012345678"}
    assert field_forms(details) == {NAME: "山田太郎", KANA: "やまだたろう", EMAIL: "taro.yamada@example.jp",
                                    PHONE: "09012345678"}
    for typed in ["山", "田太", "太郎", "ﾀﾛｳ", "たろう", "ヤマダ", "TARO.Y", "ｙａｍａｄａ＠", "example.jp", "jp",
                  "090", "１２３４－５６７８", "090-1234-5678", "45678", "山田 たろう"]:
        assert _found(details, typed), typed
    for typed in ["佐藤", "山本", "taro@", "amada", "0801", "郎太", "0900", "9012345678 0"]:
        assert not _found(details, typed), typed


def test_phones_match_runs_of_digits_exactly():
    details = {"phone": "+819012340999"}
    assert _found(details, "0999") and _found(details, "340999")
    assert not _found(details, "0099") and not _found(details, "9999")  # bigrams alone would say yes


def test_national_phone_numbers_are_what_is_searched():
    assert field_forms({"phone_display": "090-1234-5678", "phone": "+819012345678"})[PHONE] == "09012345678"
    assert field_forms({"phone": "03-1234-5678"})[PHONE] == "0312345678"


def test_single_characters_only_for_names_and_kana():
    assert pieces("a", single=False) == set() and pieces("a", single=True) == {"a"}
    terms = query_terms("a")
    assert [set(term) for _word, term in terms] == [{NAME, KANA}]
    assert query_terms("   ") == []
    assert [word for word, _ in query_terms("山田\u3000太郎 ")] == ["山田", "太郎"]


def test_card_subjects_are_found_by_their_start_when_the_card_has_no_name():
    nameless = {"token": "eyJ.x.y"}
    assert _found(nameless, "sub-0001", "card:sub-0001234")
    assert _found(nameless, "ｓｕｂ－０００１", "card:sub-0001234")  # full-width, as an IME types it
    assert not _found(nameless, "0001", "card:sub-0001234")
    assert not _found(nameless, "sub-0001", "manual:deadbeef")
    assert not _found({"name": "山田 太郎"}, "sub-0001", "card:sub-0001234")  # shown and found by name
    have = record_pieces(nameless, "card:abcdefghijklmnopqrstuvwxyz")
    assert (SUBJECT, "abcdefghijkl") in have and all(len(p) <= 12 for f, p in have)
    assert _found(nameless, "abcdefghijklmnop", "card:abcdefghijklmnopqrstuvwxyz")  # the first 12 decide


names = st.text(alphabet=st.sampled_from("山田太郎佐藤花子鈴木一ヤマダタロウやまだ abcXYZ・ー"), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(names, st.data())
def test_every_part_of_a_name_finds_it_however_wide_it_is_typed(name, data):
    form = fold(name)
    if not form:
        return
    start = data.draw(st.integers(0, len(form) - 1))
    end = data.draw(st.integers(start + 1, len(form)))
    part = form[start:end]
    katakana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in part)
    typed = data.draw(st.sampled_from([part, katakana, unicodedata.normalize("NFKD", part), part.upper(),
                                       part.translate(str.maketrans("abcxyz", "ａｂｃｘｙｚ"))]))
    assert _found({"name": name}, typed), (name, typed)
