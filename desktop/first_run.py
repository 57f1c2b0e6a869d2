"""The station's first start: try the demo, or enrol with the central's address and a one-time code.

The window's first-run screen (desktop/ui/first_run_page.py) only paints this. What it offers
depends on two facts: whether the station is enrolled, and whether the operator already chose the
demo (remembered in station_meta, so the screen does not come back at every start). Enrolment
itself is desktop.sync.enrollment.enroll; this module turns what was typed or scanned into its
arguments, and its exceptions into one stable reason code per thing that can go wrong.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from desktop.sync.client import check_server_url
from desktop.sync.enrollment import Enrollment, enroll
from desktop.sync.errors import BadResponse, InsecureURL, Refused, SyncError, TLSError, TransientError
from furusato import enrollment_qr
from furusato.activity import JST
from furusato.enrollment_qr import EnrollmentQr, NotAnEnrollmentCode

META_DEMO_CHOSEN = "demo_chosen_at"

# Reason codes (the window words them; desktop/ui/first_run_texts.py):
# typed input
MISSING_SERVER, NOT_HTTP, INSECURE_URL, BAD_SERVER = "missing_server", "not_http", "insecure_url", "bad_server"
MISSING_CODE, BAD_CODE = "missing_code", "bad_code"
NOT_ENROLLMENT_QR = "not_enrollment_qr"
# the central's answer
UNKNOWN_CODE, CODE_USED, CODE_EXPIRED, DEVICE_EXISTS = "unknown_code", "code_used", "code_expired", "device_exists"
REFUSED, NOT_A_CENTRAL = "refused", "not_a_central"
# the way there
UNREACHABLE, SERVER_ERROR, TLS_ERROR = "unreachable", "server_error", "tls_error"
ALREADY_ENROLLED, FAILED = "already_enrolled", "failed"

_CENTRAL_REFUSALS = {UNKNOWN_CODE, CODE_USED, CODE_EXPIRED, DEVICE_EXISTS}
# Hyphens and spaces as an IME or a sheet of paper gives them; NFKC has already made full-width ones ASCII.
_CODE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー]+")
_CODE_CHARS = re.compile(r"[A-Z0-9]{16}")
# `mailto:`, `ftp://`, `javascript:` — but not `central.example.jp:8443`, where digits follow the colon.
_HOST = re.compile(r"[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*\.?")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(?!\d)")


class EnrollmentInputInvalid(ValueError):
    """What was typed or scanned cannot be an enrolment: `field` ("server", "code" or "qr"), `reason`."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


@dataclass(frozen=True)
class EnrollmentAttempt:
    """One enrolment's end: `enrollment` on success, otherwise `reason` (one of the codes above)."""

    enrollment: Enrollment | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.enrollment is not None


def needs_first_run(station) -> bool:
    """Not enrolled, and nobody chose the demo yet: the window opens on the first-run screen."""
    return not station.enrolled and not station.meta.get(META_DEMO_CHOSEN)


def choose_demo(station, now: datetime | None = None) -> None:
    station.meta.set(META_DEMO_CHOSEN, (now or datetime.now(JST)).isoformat())


def typed_request(server: str, code: str) -> EnrollmentQr:
    """The address and code as typed (full-width, no scheme, lower case, spaces): what enroll needs."""
    server = unicodedata.normalize("NFKC", server or "").strip()
    if not server:
        raise EnrollmentInputInvalid("server", MISSING_SERVER)
    scheme = _SCHEME.match(server)
    if scheme is None:
        server = "https://" + server  # what a person leaves out; plain http must be asked for
    elif scheme.group(1).lower() not in ("http", "https"):
        raise EnrollmentInputInvalid("server", NOT_HTTP)
    return EnrollmentQr(_usable_server(server, "server"), normal_code(code))


def _usable_server(server: str, field: str) -> str:
    try:
        checked = check_server_url(server)
    except InsecureURL:
        pass
    else:
        if not _is_host_name(urlsplit(checked).hostname or ""):
            raise EnrollmentInputInvalid(field, BAD_SERVER)
        return checked
    try:
        parts = urlsplit(server)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise EnrollmentInputInvalid(field, BAD_SERVER) from None
    plain_http = parts.scheme.lower() == "http" and parts.hostname and not (parts.username or parts.query)
    raise EnrollmentInputInvalid(field, INSECURE_URL if plain_http else BAD_SERVER)


def _is_host_name(host: str) -> bool:
    """An IP address or a DNS name (Japanese names through IDNA): not NULs, bidi marks or 100 kB."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return len(ascii_host) <= 253 and _HOST.fullmatch(ascii_host) is not None


def normal_code(code: str) -> str:
    """`abcd efgh-jklm ｎｐｑｒ` → `ABCD-EFGH-JKLM-NPQR`; EnrollmentInputInvalid when it cannot be one."""
    compact = _CODE_SEPARATORS.sub("", unicodedata.normalize("NFKC", code or "")).upper()
    if not compact:
        raise EnrollmentInputInvalid("code", MISSING_CODE)
    if not _CODE_CHARS.fullmatch(compact):
        raise EnrollmentInputInvalid("code", BAD_CODE)
    return "-".join(compact[i : i + 4] for i in range(0, 16, 4))


def scanned_request(text: str) -> EnrollmentQr:
    """An enrolment QR code read by the camera or a scanner gun (furusato/enrollment_qr.py)."""
    try:
        request = enrollment_qr.parse(text)
    except NotAnEnrollmentCode:
        raise EnrollmentInputInvalid("qr", NOT_ENROLLMENT_QR) from None
    return EnrollmentQr(_usable_server(request.server, "qr"), request.code)


def reason_for(error: SyncError) -> str:
    """The reason code the window shows for an enrolment that failed with `error`."""
    if isinstance(error, TLSError):
        return TLS_ERROR
    if isinstance(error, InsecureURL):
        return INSECURE_URL
    if isinstance(error, TransientError):
        return SERVER_ERROR if error.code in ("server_error", "rate_limited") else UNREACHABLE
    if isinstance(error, Refused):
        if error.code in _CENTRAL_REFUSALS:
            return error.code
        # No such path, or a 4xx without a code of ours: a web server that is not a central (a typo'd
        # address, a proxy's page). The central's own other refusals say so in its words.
        if error.status in (404, 405) or not error.code or error.code.startswith("http_"):
            return NOT_A_CENTRAL
        return REFUSED
    if isinstance(error, BadResponse):
        return NOT_A_CENTRAL
    return FAILED


def enroll_station(station, request: EnrollmentQr, *, ca_file: str | None = None,
                   label: str | None = None) -> EnrollmentAttempt:
    """Enrol (network: call it off the GUI thread). Never raises for what the central or the way
    there can do; an already enrolled station is not moved to another central from this screen."""
    if station.enrolled:
        return EnrollmentAttempt(reason=ALREADY_ENROLLED)
    try:
        return EnrollmentAttempt(enrollment=enroll(station, request.server, request.code, ca_file=ca_file,
                                                   label=label))
    except SyncError as error:
        return EnrollmentAttempt(reason=reason_for(error))
