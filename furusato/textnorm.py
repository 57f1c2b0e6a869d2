"""Text normalisation for what people type at a Japanese field station.

Input arrives from IMEs in full-width form (１２３, －, ＠), with ideographic spaces and with
whichever dash the keyboard or a copied web page offered. Every parser in the project goes
through these helpers first, so that "０９０－１２３４－５６７８" and "090-1234-5678" are one thing.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "collapse_spaces",
    "name_identity",
    "nfkc",
    "normalize_hyphens",
    "normalize_line",
    "strip_invisible",
    "to_halfwidth_digits",
]

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# Dashes that people (or IMEs) use where an ASCII hyphen-minus is meant. NFKC leaves most of
# them alone (only －, ﹣ and a few others fold to "-"), so they are listed explicitly.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = str.maketrans({c: "-" for c in _DASHES})

# The katakana prolonged sound mark is a vowel lengthener inside words (ラーメン) but an IME
# hyphen between digits ("090ー1234"): only the run right after a digit is a dash.
_CHOON_AFTER_DIGIT = re.compile(r"(?<=[0-9０-９])[ーｰ]+")

# Invisible characters that copy-paste smuggles in; they must not make two names differ.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

_WHITESPACE_RUN = re.compile(r"\s+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def to_halfwidth_digits(text: str) -> str:
    """Full-width digits to ASCII, nothing else touched (unlike NFKC)."""
    return text.translate(_FULLWIDTH_DIGITS)


def normalize_hyphens(text: str) -> str:
    """Every dash that stands for a hyphen becomes "-"; ー/ｰ only right after a digit."""
    text = _CHOON_AFTER_DIGIT.sub(lambda m: "-" * len(m.group()), text)
    return text.translate(_DASH_TABLE)


def strip_invisible(text: str) -> str:
    return text.translate(_INVISIBLE)


def collapse_spaces(text: str) -> str:
    """Runs of any whitespace (U+3000 included) become one ASCII space; ends are trimmed."""
    return _WHITESPACE_RUN.sub(" ", strip_invisible(text)).strip()


def normalize_line(text: str) -> str:
    """The usual treatment of a one-line field: NFKC, hyphens, spaces collapsed.

    Invisible characters go before NFKC, since removing them afterwards can leave a pair that
    NFKC would have composed, and the result would no longer be stable under a second pass.
    """
    return collapse_spaces(normalize_hyphens(nfkc(strip_invisible(text))))


def name_identity(name: str) -> str:
    """The form in which two hand-recorded names are compared (CONTRACTS §3).

    NFKC with all whitespace removed, so "山田 太郎", "山田　太郎" and "山田太郎" agree. Case and
    kana/kanji differences are deliberately kept: the contract says no more than this.
    """
    # The second NFKC composes what removing a space may have brought together, so that
    # name_identity(name_identity(x)) == name_identity(x).
    return nfkc(_WHITESPACE_RUN.sub("", nfkc(strip_invisible(name))))
