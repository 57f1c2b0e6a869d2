"""Local-government codes (全国地方公共団体コード) and the master of local governments.

A code is 6 digits: 2 for the prefecture, 3 for the municipality, 1 check digit. The master
(`resources/local_governments.json`, made by `tools/build_lg_master.py`) also lists the wards of
the designated cities: they have codes but are not local governments, so a record there counts
for the city (`counting_code`).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from furusato.resources import resource_path

MASTER_FILE = "local_governments.json"

Kind = Literal["prefecture", "municipality", "ward"]

_WEIGHTS = (6, 5, 4, 3, 2)
_ASCII_DIGITS = frozenset("0123456789")


class CodeError(ValueError):
    """A code that cannot be used; `reason` is "format", "check_digit" or "unknown"."""

    def __init__(self, reason: str, code: str, message: str | None = None) -> None:
        self.reason = reason
        self.code = code
        super().__init__(message or f"{reason}: {code!r}")


@dataclass(frozen=True, slots=True)
class LocalGovernment:
    code: str
    name: str
    kana: str
    kind: Kind
    prefecture_code: str
    city_code: str | None = None


def _is_ascii_digits(text: str, length: int) -> bool:
    # str.isdigit() also accepts full-width and other Unicode digits; codes must be ASCII.
    return len(text) == length and set(text) <= _ASCII_DIGITS


def check_digit(five: str) -> str:
    if not _is_ascii_digits(five, 5):
        raise CodeError("format", five, f"expected 5 ASCII digits, got {five!r}")
    r = sum(int(d) * w for d, w in zip(five, _WEIGHTS, strict=True)) % 11
    return str((11 - r) % 10)


def is_valid_code(code: str) -> bool:
    return isinstance(code, str) and _is_ascii_digits(code, 6) and check_digit(code[:5]) == code[5]


def parse_code(text: str) -> str:
    """A typed or scanned code → 6 ASCII digits with a correct check digit (not checked against the master)."""
    # NFKC turns full-width digits into ASCII; spaces and hyphens are how people group digits.
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    for ch in " -‐－ー":
        cleaned = cleaned.replace(ch, "")
    if not _is_ascii_digits(cleaned, 6):
        raise CodeError("format", text, f"a local-government code is 6 digits, got {text!r}")
    if check_digit(cleaned[:5]) != cleaned[5]:
        raise CodeError("check_digit", text, f"wrong check digit in {text!r}")
    return cleaned


@cache
def _master() -> dict[str, LocalGovernment]:
    data = json.loads(resource_path(MASTER_FILE).read_text(encoding="utf-8"))
    return {
        code: LocalGovernment(code, name, kana, kind, pref, city or None)
        for code, kind, name, kana, pref, city in data["rows"]
    }


def lookup(code: str) -> LocalGovernment | None:
    return _master().get(code)


def require(code: str) -> LocalGovernment:
    parsed = parse_code(code)
    found = lookup(parsed)
    if found is None:
        raise CodeError("unknown", code, f"no local government has the code {parsed}")
    return found


def full_name(code: str) -> str:
    """The name as written on paper: 新潟県十日町市, 北海道札幌市中央区, 北海道; an unknown code as it is."""
    found = lookup(code)
    if found is None:
        return code
    prefecture = lookup(found.prefecture_code)
    if found.kind == "prefecture" or prefecture is None:
        return found.name
    return f"{prefecture.name}{found.name}"


def prefecture_of(code: str) -> str:
    five = parse_code(code)[:2] + "000"
    return five + check_digit(five)


def counting_code(code: str) -> str:
    lg = lookup(code)
    return lg.city_code if lg is not None and lg.city_code else code


def is_prefecture(code: str) -> bool:
    lg = lookup(code)
    return lg is not None and lg.kind == "prefecture"


def all_local_governments() -> list[LocalGovernment]:
    """Every entry of the master (wards included), by code."""
    return list(_master().values())


def search(text: str) -> list[LocalGovernment]:
    """Entries whose name or kana contains `text` (hiragana, half-width kana accepted).

    Those whose name or kana starts with `text` come first, each group by code.
    """
    needle = _fold(text)
    if not needle:
        return []
    hits = [(lg, name, kana) for lg, name, kana in _folded() if needle in name or needle in kana]
    hits.sort(key=lambda h: (not (h[1].startswith(needle) or h[2].startswith(needle)), h[0].code))
    return [lg for lg, _, _ in hits]


@cache
def _folded() -> list[tuple[LocalGovernment, str, str]]:
    # Names mix hiragana and kanji (伊豆の国市), so both sides are folded the same way.
    return [(lg, _fold(lg.name), _fold(lg.kana)) for lg in _master().values()]


def _fold(text: str) -> str:
    # NFKC makes half-width kana full-width; hiragana is shifted to katakana to match the kana.
    text = unicodedata.normalize("NFKC", text or "").strip()
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)
