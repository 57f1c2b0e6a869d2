import dataclasses
import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from furusato.manual_record import (
    FIELDS,
    FIELDS_REQUIRED,
    GENDERS,
    JST,
    ManualRecordInvalid,
    age_on,
    validate_manual_record,
)

TODAY = date(2026, 4, 5)


def valid(**changes):
    data = {
        "name": "山田 太郎",
        "postal_code": "100-0001",
        "address": "1-1",
        "birth_date": "1990-04-01",
        "email": "taro@example.jp",
        "phone": "090-1234-5678",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def check(data, today=TODAY):
    return validate_manual_record(data, today=today)


def errors_of(data, today=TODAY):
    with pytest.raises(ManualRecordInvalid) as caught:
        check(data, today)
    assert isinstance(caught.value, ValueError)
    assert caught.value.fields == list(caught.value.errors)
    return caught.value.errors


def test_a_plain_record():
    r = check(valid())
    assert r.name == "山田 太郎"
    assert (r.postal_code, r.lg_code) == ("1000001", "131016")
    assert r.address_prefix == "東京都千代田区千代田"
    assert r.address == "1-1"
    assert r.full_address == "東京都千代田区千代田1-1"
    assert r.birth_date == date(1990, 4, 1)
    assert r.email == "taro@example.jp"
    assert (r.phone, r.phone_display) == ("+819012345678", "090-1234-5678")
    assert r.name_kana is r.gender is r.conditions is r.accepted_at is r.guardian_consent is None
    assert r.minor is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.name = "x"


def test_full_width_input_is_normalised():
    r = check(
        valid(
            name="\u3000山田\u3000太郎\u3000",
            postal_code="〒１００－０００１",
            address="１ー１　ＡＢＣビル",
            birth_date="平成２年４月１日",
            email="ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
            phone="０９０－１２３４－５６７８",
        )
    )
    assert r.name == "山田 太郎"
    assert r.postal_code == "1000001"
    assert r.address == "1-1 ABCビル"
    assert r.birth_date == date(1990, 4, 1)
    assert r.email == "taro@example.jp"
    assert r.phone == "+819012345678"


# --- required fields, types, unknown keys -------------------------------------------------


@pytest.mark.parametrize("field", FIELDS_REQUIRED)
@pytest.mark.parametrize("value", [..., None, "", "  \u3000 "])
def test_required(field, value):
    assert errors_of(valid(**{field: value})) == {field: "required"}


@pytest.mark.parametrize("field", FIELDS_REQUIRED + ("name_kana", "gender", "conditions", "accepted_at"))
@pytest.mark.parametrize("value", [1234567, 1.5, ["x"], {"a": 1}, True])
def test_wrong_type(field, value):
    assert errors_of(valid(**{field: value})) == {field: "wrong_type"}


@pytest.mark.parametrize("field", ["name_kana", "gender", "conditions", "accepted_at", "guardian_consent"])
@pytest.mark.parametrize("value", [None, ...])
def test_optional_fields_may_be_absent_or_null(field, value):
    r = check(valid(**{field: value}))
    assert getattr(r, field) is None


@pytest.mark.parametrize("field", ["name_kana", "gender", "conditions", "accepted_at"])
def test_optional_empty_string_is_absent(field):
    assert getattr(check(valid(**{field: " "})), field) is None


def test_unknown_field():
    assert errors_of(valid(nickname="taro")) == {"nickname": "unknown_field"}
    assert errors_of(valid(**{"Name": "x"})) == {"Name": "unknown_field"}


def test_non_string_keys_are_named():
    data = valid()
    data[3] = "x"
    assert errors_of(data) == {"3": "unknown_field"}


@pytest.mark.parametrize("data", [None, "name", ["name"], 42])
def test_not_a_mapping(data):
    assert errors_of(data) == {"record": "wrong_type"}


def test_every_failing_field_is_reported_in_contract_order():
    data = {
        "zzz": 1,
        "phone": "12",
        "guardian_consent": "yes",
        "email": "not an address",
        "birth_date": "2030-01-01",
        "name": "x" * 101,
        "gender": "robot",
    }
    errors = errors_of(data)
    assert errors == {
        "name": "name_too_long",
        "postal_code": "required",
        "address": "required",
        "birth_date": "birth_date_future",
        "email": "email_invalid",
        "phone": "phone_invalid",
        "gender": "gender_invalid",
        "guardian_consent": "wrong_type",
        "zzz": "unknown_field",
    }
    assert list(errors) == [f for f in FIELDS if f in errors] + ["zzz"]


def test_message_lists_the_fields():
    with pytest.raises(ManualRecordInvalid, match="email=email_invalid"):
        check(valid(email="x"))


# --- name and kana ----------------------------------------------------------------------


def test_name_limits():
    assert check(valid(name="あ" * 100)).name == "あ" * 100
    assert errors_of(valid(name="あ" * 101)) == {"name": "name_too_long"}
    assert errors_of(valid(name="山田\x00太郎")) == {"name": "name_invalid"}
    assert errors_of(valid(name="山田\ud800")) == {"name": "name_invalid"}


def test_name_nfkc():
    assert check(valid(name="ﾔﾏﾀﾞ ﾀﾛｳ")).name == "ヤマダ タロウ"
    assert check(valid(name="ＹＡＭＡＤＡ  Taro")).name == "YAMADA Taro"


@pytest.mark.parametrize(
    ("kana", "stored"),
    [
        ("ヤマダ タロウ", "ヤマダ タロウ"),
        ("やまだ　たろう", "やまだ たろう"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("スミス・ジョーン", "スミス・ジョーン"),
        ("ゔぁ", "ゔぁ"),
    ],
)
def test_kana_accepted(kana, stored):
    assert check(valid(name_kana=kana)).name_kana == stored


@pytest.mark.parametrize("kana", ["山田", "Yamada", "ヤマダ1", "ヤマダ-タロウ", "ア\u3099"])
def test_kana_refused(kana):
    assert errors_of(valid(name_kana=kana)) == {"name_kana": "name_kana_invalid"}


def test_kana_too_long():
    assert errors_of(valid(name_kana="ア" * 101)) == {"name_kana": "name_kana_too_long"}


# --- postal code and address ------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["1000001", "100-0001", "〒100-0001", "１００－０００１", "100ー0001", " 100 0001 "]
)
def test_postal_forms(code):
    assert check(valid(postal_code=code)).postal_code == "1000001"


def test_postal_other_area():
    r = check(valid(postal_code="060-0001", address="3丁目"))
    assert (r.postal_code, r.lg_code, r.address_prefix) == ("0600001", "011011", "北海道札幌市中央区北一条西")


def test_postal_code_shared_by_several_towns_takes_the_first():
    from furusato import postal

    areas = postal.lookup("4520961")
    assert len(areas) > 1
    r = check(valid(postal_code="452-0961", address="番地未定"))
    assert (r.address_prefix, r.lg_code, r.address) == (areas[0].address, areas[0].lg_code, "番地未定")


@pytest.mark.parametrize("code", ["100001", "10000011", "abcdefg", "100_0001", "1OO-OOO1", "١٠٠٠٠٠١"])
def test_postal_format(code):
    assert errors_of(valid(postal_code=code)) == {"postal_code": "postal_code_format"}


def test_postal_unknown():
    assert errors_of(valid(postal_code="999-9999")) == {"postal_code": "postal_code_unknown"}


def test_address_limits():
    assert check(valid(address="あ" * 200)).address == "あ" * 200
    assert errors_of(valid(address="あ" * 201)) == {"address": "address_too_long"}
    assert errors_of(valid(address="1-1\x07")) == {"address": "address_invalid"}
    assert check(valid(address="1-1\nメゾン101")).address == "1-1 メゾン101"


# --- birth date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("平成2年4月1日", date(1990, 4, 1)),
        ("平成２年４月１日", date(1990, 4, 1)),
        ("H2.4.1", date(1990, 4, 1)),
        ("1990/4/1", date(1990, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
    ],
)
def test_birth_date_forms(text, born):
    assert check(valid(birth_date=text, guardian_consent=True)).birth_date == born


@pytest.mark.parametrize("text", ["昭和64年1月8日", "1990-02-30", "someday", "平成31年5月1日"])
def test_birth_date_invalid(text):
    assert errors_of(valid(birth_date=text)) == {"birth_date": "birth_date_invalid"}


def test_birth_date_bounds():
    assert check(valid(birth_date=TODAY.isoformat(), guardian_consent=True)).birth_date == TODAY
    tomorrow = TODAY + timedelta(days=1)
    assert errors_of(valid(birth_date=tomorrow.isoformat())) == {"birth_date": "birth_date_future"}
    assert check(valid(birth_date="1896-04-05")).birth_date == date(1896, 4, 5)
    assert errors_of(valid(birth_date="1896-04-04")) == {"birth_date": "birth_date_too_old"}


def test_birth_date_too_old_on_a_leap_day():
    assert check(valid(birth_date="1894-02-28"), today=date(2024, 2, 29)).birth_date == date(1894, 2, 28)
    errors = errors_of(valid(birth_date="1894-02-27"), today=date(2024, 2, 29))
    assert errors == {"birth_date": "birth_date_too_old"}


def test_today_may_be_a_datetime():
    assert check(valid(), today=datetime(2026, 4, 5, 12, 0)).birth_date == date(1990, 4, 1)


# --- minors -----------------------------------------------------------------------------


def test_minor_turns_adult_on_the_eighteenth_birthday():
    assert check(valid(birth_date="2008-04-06", guardian_consent=True)).minor is True
    assert check(valid(birth_date="2008-04-05")).minor is False
    assert errors_of(valid(birth_date="2008-04-06")) == {"guardian_consent": "guardian_consent_missing"}


def test_leap_day_birthday():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@pytest.mark.parametrize("consent", [..., None, False])
def test_a_minor_without_guardian_consent_is_refused(consent):
    assert errors_of(valid(birth_date="2012-01-01", guardian_consent=consent)) == {
        "guardian_consent": "guardian_consent_missing"}


def test_a_minor_with_consent_and_an_adult_without_it_are_records():
    r = check(valid(birth_date="2012-01-01", guardian_consent=True))
    assert r.minor and r.guardian_consent is True
    r = check(valid(guardian_consent=False))
    assert not r.minor and r.guardian_consent is False


def test_missing_consent_is_reported_with_the_other_faults_in_contract_order():
    errors = errors_of(valid(birth_date="2012-01-01", email="x@", name_kana="山田"))
    assert list(errors) == ["email", "name_kana", "guardian_consent"]
    assert errors["guardian_consent"] == "guardian_consent_missing"


def test_an_unreadable_birth_date_cannot_make_anyone_a_minor():
    assert errors_of(valid(birth_date="昭和99年1月1日")) == {"birth_date": "birth_date_invalid"}


@pytest.mark.parametrize("value", ["true", 1, 0, "はい", []])
def test_guardian_consent_must_be_a_bool(value):
    assert errors_of(valid(guardian_consent=value)) == {"guardian_consent": "wrong_type"}


# --- e-mail -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("taro@example.jp", "taro@example.jp"),
        ("Taro.Yamada+field@Example.CO.JP", "Taro.Yamada+field@example.co.jp"),
        ("  taro@example.jp　", "taro@example.jp"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
        ("山田@例え.jp", "山田@例え.jp"),
    ],
)
def test_email_accepted(text, stored):
    assert check(valid(email=text)).email == stored


@pytest.mark.parametrize(
    "text",
    ["taro", "taro@", "@example.jp", "taro@example", "taro@@example.jp", "ta ro@example.jp", "a@b.test"],
)
def test_email_refused(text):
    assert errors_of(valid(email=text)) == {"email": "email_invalid"}


# --- phone ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "e164", "display"),
    [
        ("090-1234-5678", "+819012345678", "090-1234-5678"),
        ("08012345678", "+818012345678", "080-1234-5678"),
        ("070 1234 5678", "+817012345678", "070-1234-5678"),
        ("050-1234-5678", "+815012345678", "050-1234-5678"),
        ("03-1234-5678", "+81312345678", "03-1234-5678"),
        ("(03) 1234-5678", "+81312345678", "03-1234-5678"),
        ("011-211-1234", "+81112111234", "011-211-1234"),
        ("+81 90-1234-5678", "+819012345678", "090-1234-5678"),
        ("+819012345678", "+819012345678", "090-1234-5678"),
        ("０９０－１２３４－５６７８", "+819012345678", "090-1234-5678"),
        ("０９０ー１２３４ー５６７８", "+819012345678", "090-1234-5678"),
        ("090−1234−5678", "+819012345678", "090-1234-5678"),
        ("＋８１　９０　１２３４　５６７８", "+819012345678", "090-1234-5678"),
    ],
)
def test_phone_accepted(text, e164, display):
    r = check(valid(phone=text))
    assert (r.phone, r.phone_display) == (e164, display)


@pytest.mark.parametrize(
    "text",
    [
        "12",
        "090-1234-567",
        "090-1234-56789",
        "099-1234-5678",
        "0120-123-456",  # toll-free: not a person's line
        "0570-000-000",
        "020-1234-5678",
        "0120-ABC-DEF",
        "090-1234-5678 ext 1",
        "090+1234+5678",
        "0" * 40,
    ],
)
def test_phone_refused(text):
    assert errors_of(valid(phone=text)) == {"phone": "phone_invalid"}


def test_phone_outside_japan():
    assert errors_of(valid(phone="+1 212 555 0100")) == {"phone": "phone_not_japanese"}


# --- gender, conditions, accepted_at ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("female", "female"),
        ("Male", "male"),
        ("OTHER", "other"),
        ("unspecified", "unspecified"),
        ("女性", "female"),
        ("男性", "male"),
        ("その他", "other"),
        ("回答しない", "unspecified"),
        ("無回答", "unspecified"),
        (" 女性　", "female"),
    ],
)
def test_gender(text, stored):
    assert check(valid(gender=text)).gender == stored
    assert stored in GENDERS


@pytest.mark.parametrize("text", ["f", "robot", "男性です"])
def test_gender_refused(text):
    assert errors_of(valid(gender=text)) == {"gender": "gender_invalid"}


def test_conditions():
    assert check(valid(conditions=" 長靴持参\r\n昼食あり ")).conditions == "長靴持参\n昼食あり"
    assert check(valid(conditions="a\rb\tc")).conditions == "a\nb\tc"
    assert check(valid(conditions="あ" * 1000)).conditions == "あ" * 1000
    assert errors_of(valid(conditions="あ" * 1001)) == {"conditions": "conditions_too_long"}
    assert errors_of(valid(conditions="a\x1bb")) == {"conditions": "conditions_invalid"}


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-04-05T09:30:00", datetime(2026, 4, 5, 9, 30, tzinfo=JST)),
        ("2026-04-05 09:30", datetime(2026, 4, 5, 9, 30, tzinfo=JST)),
        ("2026-04-05T00:30:00Z", datetime(2026, 4, 5, 9, 30, tzinfo=JST)),
        ("2026-04-04T16:00:00+00:00", datetime(2026, 4, 5, 1, 0, tzinfo=JST)),
        ("20260405T093000+0900", datetime(2026, 4, 5, 9, 30, tzinfo=JST)),
        ("２０２６－０４－０５Ｔ０９：３０", datetime(2026, 4, 5, 9, 30, tzinfo=JST)),
    ],
)
def test_accepted_at(text, moment):
    r = check(valid(accepted_at=text))
    assert r.accepted_at == moment
    assert r.accepted_at.tzinfo is not None


def test_accepted_at_naive_is_japan_time():
    r = check(valid(accepted_at="2026-04-05T09:30"))
    assert r.accepted_at.utcoffset() == timedelta(hours=9)
    r = check(valid(accepted_at="2026-04-05T09:30-05:00"))
    assert r.accepted_at.utcoffset() == timedelta(hours=-5)
    assert r.accepted_at == datetime(2026, 4, 5, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2026-04-05",
        "yesterday",
        "2026-04-05X09:30",
        "2026-04-05T25:00",
        "2026-04-05T09:30+25:00",
        "0001-01-01T00:00+09:00",
        "2026-04-05T09:30 JST",
    ],
)
def test_accepted_at_invalid(text):
    assert errors_of(valid(accepted_at=text)) == {"accepted_at": "accepted_at_invalid"}


def test_accepted_at_future():
    # 2026-04-05T16:00Z is already 6 April in Japan.
    assert errors_of(valid(accepted_at="2026-04-05T16:00Z")) == {"accepted_at": "accepted_at_future"}
    assert check(valid(accepted_at="2026-04-05T14:59Z")).accepted_at is not None


# --- identity and personal details ------------------------------------------------------


def test_person_key_ignores_spacing_and_width():
    keys = {
        check(valid(name=name, birth_date=born)).person_key
        for name in ("山田 太郎", "山田　太郎", "山田太郎", "山田  太郎 ")
        for born in ("1990-04-01", "平成2年4月1日", "H2.4.1")
    }
    assert len(keys) == 1
    (key,) = keys
    assert key == "manual:" + hashlib.sha256("山田太郎|1990-04-01".encode()).hexdigest()


def test_person_key_differs_by_name_or_birth_date():
    base = check(valid()).person_key
    assert check(valid(name="山田 次郎")).person_key != base
    assert check(valid(birth_date="1990-04-02")).person_key != base


def test_person_key_ignores_contact_details():
    assert check(valid()).person_key == check(valid(phone="03-1234-5678", email="x@example.com")).person_key


def test_personal_details_are_json_ready_and_identifying():
    r = check(valid(name_kana="ヤマダ タロウ", gender="男性", conditions="長靴"))
    details = r.personal_details()
    assert json.loads(json.dumps(details, ensure_ascii=False)) == details
    assert details == {
        "name": "山田 太郎",
        "name_kana": "ヤマダ タロウ",
        "birth_date": "1990-04-01",
        "postal_code": "1000001",
        "lg_code": "131016",
        "address_prefix": "東京都千代田区千代田",
        "address": "1-1",
        "email": "taro@example.jp",
        "phone": "+819012345678",
        "gender": "male",
        "conditions": "長靴",
    }
    assert r.person_key not in json.dumps(details)


def test_record_details_identify_nobody():
    r = check(valid(birth_date="2012-01-01", guardian_consent=True, accepted_at="2026-04-05T09:30"))
    assert r.record_details() == {
        "accepted_at": "2026-04-05T09:30:00+09:00",
        "guardian_consent": True,
        "minor": True,
    }
    assert check(valid()).record_details() == {"accepted_at": None, "guardian_consent": None, "minor": False}
