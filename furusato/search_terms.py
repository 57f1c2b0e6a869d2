"""What a person's details are found by: names, kana, e-mail and phone cut into short pieces.

A station keeps the details sealed, so its attendance search cannot read them; it looks up pieces
instead (desktop/store/search_index.py keys each piece with an HMAC). Both sides of the lookup —
the record's details and what the operator types — go through the same forms here, so that what
the hand-entry form treats as one name is one name to the search as well: NFKC (full-width Latin
and digits, half-width katakana), no spaces, no invisible characters (`name_identity`), then case
and the hiragana/katakana difference folded away, so やまだ finds ヤマダ and ﾔﾏﾀﾞ.

A term matches a field when every piece of the term is among the field's pieces: single
characters for a one-character term (name and kana only: "佐" is a sensible search, "a" in an
e-mail is not), bigrams for longer ones. For the short strings of these fields this is the
substring test in all but contrived cases ("abab" in "ab…ba"), and it needs nothing but the index.
A card's subject id (a pseudonym, what the list shows for a card without a name) is found by its
start instead: its first 2 to 12 characters are pieces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from furusato.textnorm import name_identity, nfkc, strip_invisible

NAME, KANA, EMAIL, PHONE, SUBJECT = "n", "k", "e", "p", "s"
FIELDS = (NAME, KANA, EMAIL, PHONE, SUBJECT)
_SINGLE_CHARACTER_FIELDS = frozenset((NAME, KANA))
SUBJECT_PREFIX = 12  # as many characters as the list shows of a subject id
_SUBJECT = re.compile(r"[A-Za-z0-9_-]{2,}")

# Katakana (ァ..ヶ, ヽヾ) sit 0x60 above their hiragana.
_KATA_TO_HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)} | {0x30FD: 0x309D, 0x30FE: 0x309E}
_NOT_DIGIT = re.compile(r"[^0-9]")
_PHONE_LIKE = re.compile(r"\+?[0-9()\- ]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """A name or kana as the search compares it."""
    return name_identity(text).casefold().translate(_KATA_TO_HIRA)


def _email_form(text: str) -> str:
    return _SPACES.sub("", nfkc(strip_invisible(text))).casefold()


def _phone_form(text: str) -> str:
    return _NOT_DIGIT.sub("", nfkc(text))


def field_forms(details: Mapping[str, Any]) -> dict[str, str]:
    """The searchable forms of a record's details (fields it lacks are left out)."""
    forms = {}
    for field, key, form in ((NAME, "name", fold), (KANA, "name_kana", fold), (EMAIL, "email", _email_form)):
        value = details.get(key)
        if isinstance(value, str) and (text := form(value)):
            forms[field] = text
    # The national form (090-1234-5678) is what people read and type, not E.164 (+8190…).
    phone = details.get("phone_display") or details.get("phone")
    if isinstance(phone, str) and (digits := _phone_form(phone)):
        if phone.startswith("+81") and not details.get("phone_display"):
            digits = "0" + digits[2:]
        forms[PHONE] = digits
    return forms


def pieces(text: str, *, single: bool) -> set[str]:
    if len(text) == 1:
        return {text} if single else set()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def record_pieces(details: Mapping[str, Any] | None, person_key: str = "") -> set[tuple[str, str]]:
    """Every (field, piece) a record can be found by: its characters and its bigrams, and the start
    of its card subject id."""
    out: set[tuple[str, str]] = set()
    if person_key.startswith("card:"):
        subject = person_key[5:]
        out.update((SUBJECT, subject[:n]) for n in range(2, min(len(subject), SUBJECT_PREFIX) + 1))
    for field, text in field_forms(details or {}).items():
        if field in _SINGLE_CHARACTER_FIELDS:
            out.update((field, c) for c in text)
        out.update((field, p) for p in pieces(text, single=False))
    return out


def query_terms(text: str) -> list[tuple[str, dict[str, frozenset[str]]]]:
    """The operator's search split on spaces; each term as (word, {field: pieces all needed}).

    A term with no usable field (a lone "a": no single characters in e-mails) is dropped rather
    than matching nothing, so the list does not go blank while someone is still typing.
    """
    terms = []
    for word in _SPACES.split(nfkc(strip_invisible(text)).strip()):
        if not word:
            continue
        wanted: dict[str, frozenset[str]] = {}
        for field in (NAME, KANA):
            if found := pieces(fold(word), single=True):
                wanted[field] = frozenset(found)
        if found := pieces(_email_form(word), single=False):
            wanted[EMAIL] = frozenset(found)
        if _PHONE_LIKE.fullmatch(word) and (found := pieces(_phone_form(word), single=False)):
            wanted[PHONE] = frozenset(found)
        if _SUBJECT.fullmatch(word):
            wanted[SUBJECT] = frozenset((word[:SUBJECT_PREFIX],))
        if wanted:
            terms.append((word, wanted))
    return terms
