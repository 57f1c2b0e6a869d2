"""Whatever arrives in a manual record file, validation either refuses it with field reasons or
returns a record that keeps every promise the rest of the station relies on."""

import json
import re
import unicodedata
from datetime import date, datetime

import phonenumbers
from email_validator import validate_email
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from furusato import postal
from furusato.manual_record import (
    FIELDS,
    FIELDS_REQUIRED,
    GENDERS,
    MAJORITY_AGE,
    ManualRecordInvalid,
    age_on,
    person_key,
    validate_manual_record,
)
from furusato.textnorm import name_identity
from furusato.wareki import parse_date

# Per field: values that pass, then values that do not (each for its own reason).
VALID = {
    "name": ["山田 太郎", "山田　太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "Ｔａｒｏ Yamada", "x" * 100],
    "postal_code": ["1000001", "〒１００－０００１", "060-0001", "452-0961", "100ー0001", "1000000"],
    "address": ["1-1", "１ー１", "千代田1-1-1 メゾン101"],
    "birth_date": [
        "平成2年4月1日",
        "H2.4.1",
        "1990-04-01",
        "２０１０年１月１日",
        "昭和64年1月7日",
        "2008/4/6",
    ],
    "email": ["taro@example.jp", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "山田@例え.jp", "Taro@Example.COM"],
    "phone": [
        "090-1234-5678",
        "０９０－１２３４－５６７８",
        "+81 3 1234 5678",
        "050 1234 5678",
        "(011) 211-1234",
    ],
    "name_kana": ["ヤマダ タロウ", "やまだ", "ﾔﾏﾀﾞ", ""],
    "gender": [*GENDERS, "女性", "男性", "その他", "回答しない", ""],
    "conditions": ["長靴持参", "a\r\nb", ""],
    "accepted_at": ["2020-04-05T09:30", "2020-04-05T09:30:00+09:00", "2020-04-05T00:00Z"],
    "guardian_consent": [True, False],
}
INVALID = {
    "name": ["x" * 101, "山田\x00"],
    "postal_code": ["999-9999", "10000"],
    "address": ["あ" * 201, "1\x07"],
    "birth_date": ["令和元年4月30日", "2041-01-01", "1800-01-01", "1873-01-01", "R22.12.31"],
    "email": ["a@b", "x@y.test"],
    "phone": ["0120-123-456", "+1 212 555 0100", "12"],
    "name_kana": ["山田"],
    "gender": ["robot"],
    "conditions": ["x" * 1001, "\x1b"],
    "accepted_at": [
        "2020-04-05",
        "0001-01-01T00:00+09:00",
        "9999-12-31T23:59-12:00",
        "2020-04-05T25:00",
        "2041-01-01T00:00",
    ],
    "guardian_consent": ["true", 1],
}

# Characters that the normalisers treat specially, so random text lands on their edges.
_EDGY = "０１２３４５６７８９0123456789-－ー‐−〒＠@.+()　 \t\n\u200b\ud800\x00年月日元平成令和HRSMﾔｰ"

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.text(alphabet=_EDGY + "abcxyzAZ", max_size=16),
    st.lists(st.integers(), max_size=2),
)
edge = st.text(alphabet=_EDGY, max_size=2)


ABSENT, JUNK, MUTATE = object(), object(), object()


def _slots(values, n):
    return [values[i % len(values)] for i in range(n)]


def _choices(field):
    # One draw per field picks presence, validity and the value at once: each draw costs
    # Hypothesis more than the validation itself. About one value in fifteen is bad, so that
    # whole records are accepted often enough for their invariants to be tested, and refusals
    # still often name several fields. Hypothesis favours both ends of a list, so the rare
    # choices sit in the middle.
    valid = _slots(VALID[field], 56 if field in FIELDS_REQUIRED else 26)
    half = len(valid) // 2
    invalid = _slots(INVALID[field], 2)
    if field in FIELDS_REQUIRED:
        return [*valid[:half], invalid[0], JUNK, MUTATE, ABSENT, invalid[1], *valid[half:]]
    return [*valid[:half], invalid[0], JUNK, MUTATE, invalid[1], *valid[half:], *[ABSENT] * 30]


choice_of = {f: st.sampled_from(_choices(f)) for f in FIELDS}
either_of = {f: st.sampled_from(VALID[f] + INVALID[f]) for f in FIELDS}
coin = st.booleans()
extra = st.integers(0, 19)
extra_key = st.one_of(st.text(max_size=6), st.integers())


@st.composite
def inputs(draw):
    kind = draw(extra)
    if kind == 10:
        return draw(junk)  # not a record at all
    data = {}
    for field in FIELDS:
        value = draw(choice_of[field])
        if value is ABSENT:
            continue
        if value is JUNK:
            value = draw(junk)
        elif value is MUTATE:
            value = draw(either_of[field])
            if isinstance(value, str):
                noise = draw(edge)
                value = noise + value if draw(coin) else value + noise
        data[field] = value
    if kind == 0:
        data.setdefault(draw(extra_key), draw(junk))
    return data


days = st.dates(min_value=date(2026, 1, 1), max_value=date(2040, 12, 31))

REASONS = {
    "required", "wrong_type", "unknown_field",
    "name_too_long", "name_invalid",
    "postal_code_format", "postal_code_unknown",
    "address_too_long", "address_invalid",
    "birth_date_invalid", "birth_date_future", "birth_date_too_old",
    "email_invalid",
    "phone_invalid", "phone_not_japanese",
    "name_kana_invalid", "name_kana_too_long",
    "gender_invalid",
    "conditions_too_long", "conditions_invalid",
    "accepted_at_invalid", "accepted_at_future",
    "guardian_consent_missing",
}  # fmt: skip


def check_refusal(data, refusal, today):
    errors = refusal.errors
    assert errors and refusal.fields == list(errors)
    assert set(errors.values()) <= REASONS
    if not isinstance(data, dict):
        assert errors == {"record": "wrong_type"}
        return
    known = [f for f in errors if f in FIELDS]
    assert known == [f for f in FIELDS if f in errors]  # contract order first
    assert list(errors)[: len(known)] == known
    for field in FIELDS_REQUIRED:
        if data.get(field) is None:
            assert errors[field] == "required"
    for key in data:
        if key not in FIELDS:
            assert errors[key if isinstance(key, str) else repr(key)] == "unknown_field"
    if errors.get("guardian_consent") == "guardian_consent_missing":  # only for a minor without consent
        assert data.get("guardian_consent") is not True
        assert age_on(parse_date(data["birth_date"]), today) < MAJORITY_AGE


def check_record(data, r, today):
    assert re.fullmatch(r"[0-9]{7}", r.postal_code)
    areas = postal.lookup(r.postal_code)
    assert areas and (areas[0].lg_code, areas[0].address) == (r.lg_code, r.address_prefix)
    assert re.fullmatch(r"\+81[0-9]{9,10}", r.phone)
    number = phonenumbers.parse(r.phone)
    assert phonenumbers.is_valid_number(number)
    assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL) == r.phone_display
    assert validate_email(r.email, check_deliverability=False).normalized == r.email
    assert parse_date(data["birth_date"]) == r.birth_date <= today
    assert age_on(r.birth_date, today) <= 130
    assert r.minor == (age_on(r.birth_date, today) < MAJORITY_AGE)
    assert not r.minor or r.guardian_consent is True  # a minor without consent is never a record
    assert 0 < len(r.name) <= 100 and r.name == r.name.strip()
    assert unicodedata.normalize("NFKC", r.name) == r.name
    assert r.person_key == person_key(data["name"], r.birth_date)
    assert re.fullmatch(r"manual:[0-9a-f]{64}", r.person_key)
    assert name_identity(r.name) == name_identity(data["name"])
    assert r.gender is None or r.gender in GENDERS
    assert r.guardian_consent in (None, True, False)
    assert r.accepted_at is None or (isinstance(r.accepted_at, datetime) and r.accepted_at.tzinfo)
    details = r.personal_details()
    json.dumps(details, ensure_ascii=False).encode("utf-8")  # no lone surrogates survive
    # The normalised record is a fixed point: validating it again changes nothing.
    again = {
        k: v
        for k, v in {
            **{f: details[f] for f in ("name", "name_kana", "postal_code", "address", "email", "phone",
                                       "gender", "conditions")},
            "birth_date": details["birth_date"],
            "accepted_at": r.accepted_at.isoformat() if r.accepted_at else None,
            "guardian_consent": r.guardian_consent,
        }.items()
        if v is not None
    }  # fmt: skip
    assert validate_manual_record(again, today=today) == r


@settings(max_examples=10000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs(), days)
def test_validation_only_refuses_or_keeps_its_promises(data, today):
    try:
        record = validate_manual_record(data, today=today)
    except ManualRecordInvalid as refusal:
        event("refused")
        check_refusal(data, refusal, today)
    else:
        event("accepted")
        check_record(data, record, today)


BASE = {f: VALID[f][0] for f in FIELDS_REQUIRED}


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.text(), junk), max_size=4), days)
def test_any_text_in_any_field(overrides, today):
    # A good record with a few fields replaced by arbitrary Unicode: every parser meets
    # surrogates, other scripts' digits, combining marks and the like.
    data = {**BASE, **overrides}
    try:
        record = validate_manual_record(data, today=today)
    except ManualRecordInvalid as refusal:
        check_refusal(data, refusal, today)
        # A changed birth date may make a minor, whose consent the base record does not give.
        caused = set(overrides) | ({"guardian_consent"} if "birth_date" in overrides else set())
        assert set(refusal.fields) <= caused
    else:
        check_record(data, record, today)
