"""What an enrolment QR code carries: the central's address and a one-time enrolment code.

Written by `furusato-central enrollment-code --qr` and the staff console, read by the station's
first-run screen from the camera or a scanner gun. A gun types what it reads, so the text keeps to
characters every keyboard layout can produce and no JSON quoting: `frr-enroll:1?server=…&code=…`
with the address percent-encoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

PREFIX = "frr-enroll:1?"
MAX_LENGTH = 2048
_CODE = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$")


class NotAnEnrollmentCode(ValueError):
    """The text is not an enrolment QR of ours (or is one with a missing or malformed part)."""


@dataclass(frozen=True)
class EnrollmentQr:
    server: str
    code: str

    def text(self) -> str:
        return f"{PREFIX}server={quote(self.server, safe='')}&code={quote(self.code, safe='')}"


def make(server: str, code: str) -> str:
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotAnEnrollmentCode(f"server must be an http(s) address, not {server!r}")
    return EnrollmentQr(server.rstrip("/"), code).text()


def looks_like(text: str) -> bool:
    return text.strip().lower().startswith(PREFIX)


def parse(text: str) -> EnrollmentQr:
    text = text.strip()
    if len(text) > MAX_LENGTH or not text.lower().startswith(PREFIX):
        raise NotAnEnrollmentCode("not an enrolment code")
    query = parse_qs(text[len(PREFIX):], keep_blank_values=True, max_num_fields=8)
    server = (query.get("server") or [""])[0].strip()
    code = (query.get("code") or [""])[0].strip().upper()
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotAnEnrollmentCode("the enrolment code names no http(s) server")
    if not _CODE.match(code):
        raise NotAnEnrollmentCode("the enrolment code's one-time code is malformed")
    return EnrollmentQr(server.rstrip("/"), code)
