"""A participant recorded by hand (CONTRACTS §3, `checkin --manual`), validated and normalised.

Records typed at a field station are evidence for premium eligibility (DOMAIN rule 8), so every
field is checked at entry, and every failing field is reported at once: the coordinator fixes the
form in one go instead of discovering errors one by one. Errors are machine codes; the UI words
them.

Reason codes, per field:
- any field: `required`, `wrong_type`; a key not in the contract: `unknown_field`
- name: `name_too_long`, `name_invalid` (control characters)
- postal_code: `postal_code_format`, `postal_code_unknown`
- address: `address_too_long`, `address_invalid`
- birth_date: `birth_date_invalid`, `birth_date_future`, `birth_date_too_old`
- email: `email_invalid`
- phone: `phone_invalid`, `phone_not_japanese`
- name_kana: `name_kana_invalid`, `name_kana_too_long`
- gender: `gender_invalid`
- conditions: `conditions_too_long`, `conditions_invalid`
- accepted_at: `accepted_at_invalid`, `accepted_at_future`
- guardian_consent: `wrong_type` (JSON true/false only); `guardian_consent_missing` when the
  person is a minor on the day and consent is not `true` — guideline II-2-8 asks for a guardian's
  consent when a minor takes part; kept here so the window and `checkin --manual` refuse alike
- the data itself not a mapping: field `record`, `wrong_type`
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from furusato import postal
from furusato.textnorm import collapse_spaces, name_identity, nfkc, normalize_line, strip_invisible
from furusato.wareki import WarekiError, parse_date

__all__ = [
    "ADDRESS_MAX",
    "CONDITIONS_MAX",
    "FIELDS",
    "FIELDS_OPTIONAL",
    "FIELDS_REQUIRED",
    "GENDERS",
    "JST",
    "MAJORITY_AGE",
    "MAX_AGE_YEARS",
    "NAME_MAX",
    "ManualRecord",
    "ManualRecordInvalid",
    "age_on",
    "person_key",
    "validate_manual_record",
]

FIELDS_REQUIRED = ("name", "postal_code", "address", "birth_date", "email", "phone")
FIELDS_OPTIONAL = ("name_kana", "gender", "conditions", "accepted_at", "guardian_consent")
FIELDS = FIELDS_REQUIRED + FIELDS_OPTIONAL

NAME_MAX = 100
ADDRESS_MAX = 200
CONDITIONS_MAX = 1000
PHONE_INPUT_MAX = 30
MAJORITY_AGE = 18  # Civil Code since 2022-04-01
MAX_AGE_YEARS = 130

JST = timezone(timedelta(hours=9), "JST")

GENDERS = ("female", "male", "other", "unspecified")
_GENDER_ALIASES = {
    **{g: g for g in GENDERS},
    "女性": "female",
    "女": "female",
    "男性": "male",
    "男": "male",
    "その他": "other",
    "回答しない": "unspecified",
    "無回答": "unspecified",
}

# Hiragana, katakana (with ー, ・, ゠ and the iteration marks) and spaces between name parts.
_KANA = re.compile(r"[\u3041-\u3096\u309d-\u309f\u30a0-\u30ff ]+")
# Phone input may hold digits and the punctuation people write around them; letters are refused
# because phonenumbers would otherwise read "0120-ABC-DEF" as a vanity number.
_PHONE_CHARS = re.compile(r"\+?[0-9 ().\-]+")
_PHONE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.VOIP,
}
# datetime.fromisoformat takes any character between date and time and a bare date too;
# an acceptance time needs a time of day and an ordinary separator.
_ISO_DATETIME_HEAD = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})[T ][0-9]")


class ManualRecordInvalid(ValueError):
    """`errors`: field → reason code, in CONTRACTS order then unknown keys; `fields`: its keys."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        self.fields: list[str] = list(self.errors)
        super().__init__("invalid manual record: " + ", ".join(f"{k}={v}" for k, v in self.errors.items()))


class _Invalid(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass(frozen=True)
class ManualRecord:
    name: str
    postal_code: str  # 7 ASCII digits, present in the postal master
    lg_code: str  # local-government code of the postal area (a designated city's ward stays a ward)
    address_prefix: str  # prefecture + city + town, from the postal master
    address: str  # the part after the town, as given (normalised)
    birth_date: date
    email: str  # email-validator's normalised form
    phone: str  # E.164
    phone_display: str  # national format, 090-1234-5678
    name_kana: str | None
    gender: str | None  # one of GENDERS
    conditions: str | None
    accepted_at: datetime | None  # always timezone-aware
    guardian_consent: bool | None
    minor: bool  # under MAJORITY_AGE on the day of validation
    person_key: str

    @property
    def full_address(self) -> str:
        return self.address_prefix + self.address

    def personal_details(self) -> dict[str, Any]:
        """Everything that identifies the person, JSON-ready, for separate protected storage.

        Participation conditions may describe health or circumstances, so they go here too.
        """
        return {
            "name": self.name,
            "name_kana": self.name_kana,
            "birth_date": self.birth_date.isoformat(),
            "postal_code": self.postal_code,
            "lg_code": self.lg_code,
            "address_prefix": self.address_prefix,
            "address": self.address,
            "email": self.email,
            "phone": self.phone,
            "gender": self.gender,
            "conditions": self.conditions,
        }

    def record_details(self) -> dict[str, Any]:
        """The rest, which identifies nobody and may travel with the attendance record itself."""
        return {
            "accepted_at": self.accepted_at.isoformat() if self.accepted_at else None,
            "guardian_consent": self.guardian_consent,
            "minor": self.minor,
        }


def person_key(name: str, birth_date: date, secret: bytes | None = None) -> str:
    """`manual:` + a digest of the name identity and the birth date (CONTRACTS §3: the same person
    when both agree). With a `secret` it is an HMAC, which is what a station stores: a plain hash
    would let anyone holding the ledger confirm a guessed name and birth date."""
    material = (name_identity(name) + "|" + birth_date.isoformat()).encode("utf-8")
    if secret is None:
        return "manual:" + hashlib.sha256(material).hexdigest()
    return "manual:" + hmac.new(secret, material, hashlib.sha256).hexdigest()


def age_on(birth_date: date, day: date) -> int:
    # Japanese law ages a person at the end of the day before the birthday; counted in whole
    # days that is the birthday itself (and 1 March for a 29 February birthday), as below.
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _has_control(text: str, allowed: str = "") -> bool:
    # Cs: a lone surrogate cannot be encoded to UTF-8, so it would break hashing and storage.
    return any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text)


def _text(value: str, field: str, limit: int) -> str:
    if _has_control(value):
        raise _Invalid(f"{field}_invalid")
    if len(value) > limit:
        raise _Invalid(f"{field}_too_long")
    return value


def _name(value: str) -> str:
    return _text(collapse_spaces(nfkc(strip_invisible(value))), "name", NAME_MAX)


def _name_kana(value: str) -> str:
    kana = _text(collapse_spaces(nfkc(strip_invisible(value))), "name_kana", NAME_MAX)
    if not _KANA.fullmatch(kana):
        raise _Invalid("name_kana_invalid")
    return kana


def _postal(value: str) -> tuple[str, postal.PostalArea]:
    code = postal.normalize(strip_invisible(value))
    if code is None or not (len(code) == 7 and code.isascii() and code.isdigit()):
        raise _Invalid("postal_code_format")
    areas = postal.lookup(code)
    if not areas:
        raise _Invalid("postal_code_unknown")
    # Several towns can share a code; the first is Japan Post's own first, and the person's
    # `address` part is kept as typed, so nothing they wrote is lost.
    return code, areas[0]


def _address(value: str) -> str:
    return _text(normalize_line(value), "address", ADDRESS_MAX)


def _birth_date(value: str, today: date) -> date:
    try:
        born = parse_date(value)
    except WarekiError:
        raise _Invalid("birth_date_invalid") from None
    if born > today:
        raise _Invalid("birth_date_future")
    if born < _years_before(today, MAX_AGE_YEARS):
        raise _Invalid("birth_date_too_old")
    return born


def _email(value: str) -> str:
    # NFKC turns an IME's full-width ＠ and letters into the ASCII the address really is.
    text = nfkc(strip_invisible(value)).strip()
    try:
        return validate_email(text, check_deliverability=False).normalized
    except (EmailNotValidError, ValueError, UnicodeError):
        raise _Invalid("email_invalid") from None


def _phone(value: str) -> tuple[str, str]:
    text = normalize_line(value)
    if len(text) > PHONE_INPUT_MAX or not _PHONE_CHARS.fullmatch(text):
        raise _Invalid("phone_invalid")
    try:
        number = phonenumbers.parse(text, "JP")
    except phonenumbers.NumberParseException:
        raise _Invalid("phone_invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise _Invalid("phone_invalid")
    if number.country_code != 81:
        raise _Invalid("phone_not_japanese")
    # Toll-free, premium-rate, pager and shared-cost numbers do not reach a person.
    if phonenumbers.number_type(number) not in _PHONE_TYPES:
        raise _Invalid("phone_invalid")
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
    )


def _gender(value: str) -> str:
    gender = _GENDER_ALIASES.get(normalize_line(value).lower())
    if gender is None:
        raise _Invalid("gender_invalid")
    return gender


def _conditions(value: str) -> str:
    # Free text keeps its line breaks and tabs; other control characters are refused.
    text = nfkc(strip_invisible(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    if _has_control(text, "\n\t"):
        raise _Invalid("conditions_invalid")
    if len(text) > CONDITIONS_MAX:
        raise _Invalid("conditions_too_long")
    return text


def _accepted_at(value: str, today: date) -> datetime:
    text = normalize_line(value)
    if not (text.isascii() and _ISO_DATETIME_HEAD.match(text)):
        raise _Invalid("accepted_at_invalid")
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=JST)  # a station's clock is Japan time
        day_in_japan = moment.astimezone(JST).date()
    except (ValueError, OverflowError):
        raise _Invalid("accepted_at_invalid") from None
    if day_in_japan > today:
        raise _Invalid("accepted_at_future")
    return moment


def _string_fields(today: date) -> dict[str, Callable[[str], Any]]:
    return {
        "name": _name,
        "postal_code": _postal,
        "address": _address,
        "birth_date": lambda v: _birth_date(v, today),
        "email": _email,
        "phone": _phone,
        "name_kana": _name_kana,
        "gender": _gender,
        "conditions": _conditions,
        "accepted_at": lambda v: _accepted_at(v, today),
    }


def validate_manual_record(data: Mapping, *, today: date) -> ManualRecord:
    """Check and normalise a hand-kept record; raises `ManualRecordInvalid` listing every bad field.

    `today` is the station's calendar day in Japan: it bounds the birth date and decides `minor`.
    """
    if isinstance(today, datetime):
        today = today.date()
    if not isinstance(data, Mapping):
        raise ManualRecordInvalid({"record": "wrong_type"})

    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field, check in _string_fields(today).items():
        raw = data.get(field)
        if raw is None or (isinstance(raw, str) and not collapse_spaces(raw)):
            if field in FIELDS_REQUIRED:
                errors[field] = "required"
            else:
                values[field] = None
            continue
        if not isinstance(raw, str):
            errors[field] = "wrong_type"
            continue
        try:
            values[field] = check(raw)
        except _Invalid as bad:
            errors[field] = bad.reason

    consent = data.get("guardian_consent")
    if consent is not None and not isinstance(consent, bool):
        errors["guardian_consent"] = "wrong_type"

    for key in data:
        if key not in FIELDS:
            errors.setdefault(key if isinstance(key, str) else repr(key), "unknown_field")

    born: date | None = values.get("birth_date")
    minor = born is not None and age_on(born, today) < MAJORITY_AGE
    if minor and "guardian_consent" not in errors and consent is not True:
        errors["guardian_consent"] = "guardian_consent_missing"

    if errors:
        ordered = {f: errors.pop(f) for f in FIELDS if f in errors}
        raise ManualRecordInvalid(ordered | errors)

    code, area = values["postal_code"]
    phone_e164, phone_display = values["phone"]
    name: str = values["name"]
    return ManualRecord(
        name=name,
        postal_code=code,
        lg_code=area.lg_code,
        address_prefix=area.address,
        address=values["address"],
        birth_date=born,
        email=values["email"],
        phone=phone_e164,
        phone_display=phone_display,
        name_kana=values["name_kana"],
        gender=values["gender"],
        conditions=values["conditions"],
        accepted_at=values["accepted_at"],
        guardian_consent=consent,
        minor=minor,
        person_key=person_key(name, born),
    )
