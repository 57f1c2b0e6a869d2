"""What a person's details are found by: names, kana, e-mail, phone and card subject cut into pieces.

A station keeps the details sealed, so its attendance search cannot read them; it looks up pieces
instead (desktop/store/search_index.py keys each piece with an HMAC). Both sides of the lookup —
the record's details and what the operator types — go through the same forms here, so that what
the hand-entry form treats as one name is one name to the search as well: NFKC (full-width Latin
and digits, half-width katakana), no spaces, no invisible characters (`name_identity`), then case
and the hiragana/katakana difference folded away, so やまだ finds ヤマダ and ﾔﾏﾀﾞ.

What a term matches, field by field:
- name, kana: the term's characters (a one-character term: "佐" is a sensible first keystroke) or
  its bigrams are all among the field's. For names this is the substring test except where a name
  holds the same pieces apart ("田中太郎中" for "中太郎中") — real names do not, strings of digits do,
  which is why the other fields are indexed whole.
- phone: a run of digits anywhere in the national number (every run of two digits or more of it is
  a piece: "090", "1234-5678" and the last four digits all find it).
- e-mail: the start of the address or of any word in it ("taro", "yamada@ex", "example.jp").
- card subject: its start, 2 to 12 characters — only for cards that carry no name, where the list
  shows the subject in the name's place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from furusato.textnorm import name_identity, nfkc, strip_invisible

NAME, KANA, EMAIL, PHONE, SUBJECT = "n", "k", "e", "p", "s"
FIELDS = (NAME, KANA, EMAIL, PHONE, SUBJECT)
SUBJECT_PREFIX = 12  # as many characters as the list shows of a subject id
EMAIL_PREFIX = 32  # a longer typed address is looked up by its first 32 characters
# What a search box can ask for at most: a pasted page must not become a million lookups.
MAX_TERMS = 8
MAX_TERM_CHARACTERS = 32
_UNENCODABLE = re.compile(r"[\ud800-\udfff\x00]")  # lone surrogates (pasted), NUL
_SUBJECT = re.compile(r"[A-Za-z0-9_-]{2,}")
_EMAIL_WORD_START = re.compile(r"(?:^|(?<=[._@+-]))[^._@+-]")

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
    """A name's or kana's pieces: its characters (`single`) and its bigrams."""
    if len(text) == 1:
        return {text} if single else set()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _runs(digits: str) -> set[str]:
    return {digits[i:j] for i in range(len(digits)) for j in range(i + 2, len(digits) + 1)}


def _word_prefixes(email: str) -> set[str]:
    return {email[m.start():m.start() + n] for m in _EMAIL_WORD_START.finditer(email)
            for n in range(2, min(EMAIL_PREFIX, len(email) - m.start()) + 1)}


def record_pieces(details: Mapping[str, Any] | None, person_key: str = "") -> set[tuple[str, str]]:
    """Every (field, piece) a record can be found by."""
    out: set[tuple[str, str]] = set()
    forms = field_forms(details or {})
    for field in (NAME, KANA):
        if text := forms.get(field):
            out.update((field, c) for c in text)
            out.update((field, p) for p in pieces(text, single=False))
    if text := forms.get(EMAIL):
        out.update((EMAIL, p) for p in _word_prefixes(text))
    if text := forms.get(PHONE):
        out.update((PHONE, p) for p in _runs(text))
    if person_key.startswith("card:") and NAME not in forms:
        subject = person_key[5:]
        out.update((SUBJECT, subject[:n]) for n in range(2, min(len(subject), SUBJECT_PREFIX) + 1))
    return out


def query_terms(text: str) -> list[tuple[str, dict[str, frozenset[str]]]]:
    """The operator's search split on spaces; each term as (word, {field: pieces all needed}).

    A term with no usable field (a lone "a": no single characters in e-mails) is dropped rather
    than matching nothing, so the list does not go blank while someone is still typing. Beyond
    MAX_TERMS terms of MAX_TERM_CHARACTERS characters the rest of the text is not looked at.
    """
    terms = []
    for word in _SPACES.split(nfkc(strip_invisible(_UNENCODABLE.sub("", text[:MAX_TERMS * 64]))).strip()):
        if not word:
            continue
        if len(terms) == MAX_TERMS:
            break
        word = word[:MAX_TERM_CHARACTERS]
        wanted: dict[str, frozenset[str]] = {}
        for field in (NAME, KANA):
            if found := pieces(fold(word), single=True):
                wanted[field] = frozenset(found)
        if len(email := _email_form(word)) >= 2:
            wanted[EMAIL] = frozenset((email[:EMAIL_PREFIX],))
        if _PHONE_LIKE.fullmatch(word) and len(digits := _phone_form(word)) >= 2:
            wanted[PHONE] = frozenset((digits,))
        if _SUBJECT.fullmatch(word):
            wanted[SUBJECT] = frozenset((word[:SUBJECT_PREFIX],))
        if wanted:
            terms.append((word, wanted))
    return terms
