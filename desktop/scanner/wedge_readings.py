"""What a scanner gun meant, from what the computer received.

A gun is a keyboard: it sends key codes for a layout it was set to, and the computer turns them
into characters with its own settings. Three settings change the text without changing the keys:

- the computer's keyboard layout — a gun left on US on a laptop set to JIS (the usual Japanese
  one) sends Shift+"-" for "_", which JIS reads as "=", and the symbols of the number row move;
- CapsLock — a gun sends Shift around capitals, so with CapsLock on every letter's case flips;
- an input method — in full-width mode the letters arrive as ｅｙＪ…, which NFKC folds back.

`readings(text)` lists the texts the gun may have meant, most likely first; a token is retried
through them before it is refused (desktop.checkin), and only a signature decides which is right,
so a reading can never turn a bad card into a good one. `looks_like_scan(text)` tells whether any
reading has the shape of something we issue — it is how a burst with no Enter or Tab after it can
be taken for a scan without ever taking a person's typing for one.
"""

from __future__ import annotations

import re
import unicodedata

from furusato.enrollment_qr import PREFIX as ENROLLMENT_PREFIX

# The keys whose characters differ between the US and the JIS (jp106) layouts, each column one
# physical key and shift level, as xkeyboard-config's symbols/us and symbols/jp define them
# (tests/x11/test_layout_table.py checks this against the X server). Letters, digits, "-", ".",
# ",", "/", "?", ";", "!", "#", "$", "%", "<", ">" sit on the same keys in both.
#   key:        AE02 AE06 AE07 AE08 AE09 AE11+ AE12 AE12+ AD11 AD11+ AD12 AD12+ AC10+ AC11 AC11+ BKSL BKSL+
_US_SENT = '@' '^' '&' '*' '(' '_' '=' '+' '[' '{' ']' '}' ':' "'" '"' '\\' '|'
_JIS_READ = '"' '&' "'" '(' ')' '=' '^' '~' '@' '`' '[' '{' '+' ':' '*' ']' '}'
# Shift+0 (")" on US) also reads "~" on JIS; "~" is taken to mean "+" — neither occurs in anything
# a station scans, the choice only has to be one.
US_GUN_ON_JIS = str.maketrans(_JIS_READ, _US_SENT)

# A compact JWS (header.payload.signature, base64url). Our cards' headers and signatures are far
# longer than these minimums; the point is a shape no person types by accident.
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{43,}")
MAX_READING_CHARS = 8192  # bounds the work on a hostile burst; a QR code holds under 3 KB


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def readings(text: str) -> list[str]:
    """The texts the gun may have meant, distinct, most likely first: as received (full-width folded),
    then with the case of every letter swapped (CapsLock), then through the US→JIS mix-up, then both."""
    if len(text) > MAX_READING_CHARS:
        return [text]
    received = nfkc(text)
    remapped = received.translate(US_GUN_ON_JIS)
    found: list[str] = []
    for candidate in (received, received.swapcase(), remapped, remapped.swapcase()):
        if candidate not in found:
            found.append(candidate)
    return found


def looks_like_enrollment(text: str) -> bool:
    """Any reading of `text` starts like an enrolment code (furusato/enrollment_qr.py)."""
    return any(reading.strip().lower().startswith(ENROLLMENT_PREFIX) for reading in readings(text))


def looks_like_scan(text: str) -> bool:
    """Any reading of `text` is shaped like a card or activity token, or an enrolment code."""
    if looks_like_enrollment(text):
        return True
    return any(_COMPACT_JWS.fullmatch(reading.strip()) for reading in readings(text))
