"""Offline postal-code lookup (Japan Post's areas, via `tools/build_lg_master.py`).

The index is columnar and sorted by postal code, so it loads with one `json.loads` and a lookup
is a binary search; `PostalArea` objects are made only for the areas asked for.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from furusato.resources import resource_path

INDEX_FILE = "postal_index.json.gz"

# Everything people put around or inside a postal code: the 〒 mark (and its variants), spaces,
# and the many dashes that IMEs and fonts produce.
_NOISE = re.compile(r"[〒〶\s\-‐‑‒–—―−－ー─━﹣]")
_SEVEN = re.compile(r"[0-9]{7}")


@dataclass(frozen=True, slots=True)
class PostalArea:
    postal_code: str
    lg_code: str
    prefecture: str
    city: str
    town: str
    prefecture_kana: str
    city_kana: str
    town_kana: str

    @property
    def address(self) -> str:
        return self.prefecture + self.city + self.town


def normalize(text: str | None) -> str | None:
    """'〒１００－０００１' → '1000001'; None unless exactly 7 digits remain."""
    if not text:
        return None
    # NFKC folds full-width digits to ASCII before the noise goes.
    cleaned = _NOISE.sub("", unicodedata.normalize("NFKC", text))
    # A pasted form label ("郵便番号：100-0001") is common enough to accept.
    cleaned = cleaned.removeprefix("郵便番号").lstrip(":")
    return cleaned if _SEVEN.fullmatch(cleaned) else None


@dataclass(frozen=True, slots=True)
class _Index:
    municipalities: list[list[str]]
    postal_code: list[str]
    municipality: list[int]
    town: list[str]
    town_kana: list[str]


@cache
def _index() -> _Index:
    data = json.loads(gzip.decompress(resource_path(INDEX_FILE).read_bytes()))
    return _Index(
        data["municipalities"], data["postal_code"], data["municipality"], data["town"], data["town_kana"]
    )


def lookup(postal_code: str) -> list[PostalArea]:
    """The areas sharing a postal code, in Japan Post's order; [] when unknown or malformed."""
    code = normalize(postal_code)
    if code is None:
        return []
    idx = _index()
    codes = idx.postal_code
    i = bisect_left(codes, code)
    found = []
    while i < len(codes) and codes[i] == code:
        lg_code, pref, city, pref_kana, city_kana = idx.municipalities[idx.municipality[i]]
        found.append(
            PostalArea(code, lg_code, pref, city, idx.town[i], pref_kana, city_kana, idx.town_kana[i])
        )
        i += 1
    return found
