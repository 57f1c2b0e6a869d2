"""furusato.safe_json: every refusal has its code and names the field; what is within the limits
reads exactly as json.loads reads it; no input raises anything but JSONRefused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from furusato.safe_json import JSONRefused, Limits, load_file, loads

LIMITS = Limits(max_bytes=10_000, max_depth=4, max_string=50)


@pytest.mark.parametrize(("text", "code", "field"), [
    ('{"name": "\\ud800"}', "bad_text", "name"),
    ('{"a": [1, {"b": "x\\udfff"}]}', "bad_text", "a[1].b"),
    ('{"\\ud800": 1}', "bad_text", "\\ud800"),
    ('"\\udc00"', "bad_text", None),
    ('{"id": "a\\u0000"}', "bad_text", "id"),
    ('{"\\u0000": 1}', "bad_text", "\\x00"),
    ('{"a": [[[[1]]]]}', "too_deep", "a[0][0][0]"),
    ('{"a": ' + "[" * 5000 + "]" * 5000 + "}", "too_deep", "a[0][0][0]"),
    ("[" * 100_000, "too_deep", "[0][0][0][0]"),
    ('{"n": ' + "9" * 5000 + "}", "number_out_of_range", "n"),
    ('{"n": 9223372036854775808}', "number_out_of_range", "n"),
    ('{"n": -9223372036854775808}', "number_out_of_range", "n"),
    ('{"n": 1e999}', "number_out_of_range", "n"),
    ('{"n": [NaN]}', "not_json", "n[0]"),
    ('{"n": Infinity}', "not_json", "n"),
    ('{"s": "' + "x" * 51 + '"}', "string_too_long", "s"),
    ('{"' + "k" * 51 + '": 1}', "string_too_long", "k" * 51),
    ('{"a": 1, "a": 2}', "duplicate_key", None),
    ('{"a": ', "not_json", None),
    ("", "not_json", None),
])
def test_refusals_name_their_code_and_field(text, code, field):
    with pytest.raises(JSONRefused) as refused:
        loads(text.encode("utf-8") if len(text) < 10_000 else text, Limits(max_bytes=10**7, max_depth=4,
                                                                            max_string=50))
    assert (refused.value.code, refused.value.field) == (code, field)
    json.dumps({"error": str(refused.value), "field": refused.value.field}).encode("utf-8")  # always printable


@pytest.mark.parametrize(("data", "message"), [
    (b'{"a": 1}'.decode().encode("utf-16"), "UTF-16"),
    (b"\xfe\xff\x00{", "UTF-16"),
    (b'{"a": "\xed\xa0\x80"}', "not UTF-8"),
    (b'{"a": "\xc0\xaf"}', "not UTF-8"),
    (b'\xef\xbb\xbf{"a": 1}', "byte-order mark"),
    (b"x" * 10_001, "larger than 10000 bytes"),
])
def test_bytes_must_be_strict_utf8_within_the_size(data, message):
    with pytest.raises(JSONRefused) as refused:
        loads(data, LIMITS)
    assert message in str(refused.value)


def test_a_bom_where_allowed_and_files_read_no_further_than_the_limit(tmp_path):
    assert loads(b'\xef\xbb\xbf{"a": 1}', Limits(max_bytes=100, allow_bom=True)) == {"a": 1}
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"1," * 1_000_000 + b"1]")
    with pytest.raises(JSONRefused, match="larger than"):
        load_file(big, LIMITS)
    assert JSONRefused("x", "y", "name[0][1]").top_field == "name"
    assert JSONRefused("x", "y", "[0].a").top_field is None


TEXT = st.characters(codec="utf-8", exclude_characters="\x00")  # NUL and lone surrogates are refused on purpose
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63) + 1, 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(TEXT, max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(TEXT, max_size=10), inner, max_size=5),
    max_leaves=30,
)


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(JSON, st.booleans())
def test_within_the_limits_it_reads_as_json_loads_does(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only)
    limits = Limits(max_bytes=10**6, max_depth=8, max_string=100)
    if _depth(value) <= 8:
        assert loads(text.encode("utf-8"), limits) == json.loads(text)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_either_read_or_are_refused(data):
    try:
        loads(data, LIMITS)
    except JSONRefused as refused:
        assert refused.code in {"not_json", "not_utf8", "too_deep", "bad_text", "string_too_long",
                                "number_out_of_range", "duplicate_key", "too_large"}
