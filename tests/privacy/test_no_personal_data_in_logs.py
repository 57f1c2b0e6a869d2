"""The privacy issue's acceptance line: the log output of a full check-in and sync holds no personal field.

A real central on loopback (uvicorn in a thread, its own loggers captured), a real station with a
passphrase-protected data key, and everything a day at a venue does: a hand-recorded person, the
same person again (duplicate), a form with a bad field, a card, a correction, a cancellation, a
bundle export, a sync, a CSV export, the bundle imported on the central with its receipt imported
back, and the station's status.

Run twice: in this process, with one handler on the root logger and on every logger that does not
propagate (uvicorn's), every logger at DEBUG and SQLAlchemy's engine logging on, so bound SQL
parameters would show; and through `furusato-field` processes with a DEBUG handler on their
stderr. Captured: every log record (formatted, with its arguments and any traceback), this
process's stdout/stderr at the file-descriptor level, the processes' stdout/stderr and the
station's own log file. Each personal value is searched in every form a log could carry it:
as typed, NFKC, full-width, without separators, JSON `\\uXXXX`, percent-encoded and Python bytes
repr. Self-checks make sure the capture captures (a sentinel, SQL statements, the central's
access log, a planted value is found), so an empty capture cannot pass.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import unicodedata
import urllib.parse
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

import pytest

from central.platform_keys import PLATFORM_ID
from central.receipts import import_with_receipt
from desktop import cli, paths
from desktop.checkin import CheckinService
from desktop.privacy import key_store
from desktop.privacy.log_redaction import LOG_FILE, configure_logging
from desktop.privacy.passphrase import ENV_VAR
from desktop.station import Station
from desktop.sync.bundle import write_bundle
from desktop.sync.enrollment import client_for, enroll
from desktop.sync.receipt import import_receipt
from desktop.sync.sync_round import sync_once
from furusato.card_token import issue_card
from furusato.outcomes import Outcome
from tests.central.server import RunningCentral, sqlite_url
from tests.privacy.conftest import FAST, PASSPHRASE
from tests.sync.conftest import CENTRAL_ACTIVITY, fast_backoff, seed

NOW = datetime.fromisoformat("2026-11-22T10:00:00+09:00")
ACTIVITY = CENTRAL_ACTIVITY["id"]
SENTINEL = "privacy-capture-sentinel-7f3a"

# A hand-recorded person (postal code 942-1526 is 新潟県十日町市松代), typed the plain way ...
PERSON = {
    "name": "山田 花子",
    "name_kana": "ヤマダ ハナコ",
    "birth_date": "1987-06-15",
    "phone": "090-1234-5678",
    "email": "hanako.yamada@example.jp",
    "postal_code": "942-1526",
    "address": "千年1234番地 ふるさと荘201号",
    "conditions": "腰痛のため軽作業希望",
}
# ... and the way a hurried coordinator types it: full-width digits, 和暦, an ideographic space.
PERSON_TYPED = {
    **PERSON,
    "name": "山田\u3000花子",
    "birth_date": "昭和62年6月15日",
    "phone": "０９０－１２３４－５６７８",
    "postal_code": "〒９４２－１５２６",
}
CORRECTED_NAME = "山田 華子"
CARD_NAME = "鈴木 一郎"
CARD_SUB = "privacycard0001"


def _fullwidth(text: str) -> str:
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


SEPARATORS = " \u3000-－‐−/／"


def _forms(value: str) -> set[str]:
    """Every shape in which `value` could reach a log line."""
    base = {value, unicodedata.normalize("NFKC", value), _fullwidth(value)}
    for text in list(base):
        base.add("".join(c for c in text if c not in SEPARATORS))
    out = set()
    for text in base:
        out |= {text, json.dumps(text)[1:-1], urllib.parse.quote(text), urllib.parse.quote_plus(text),
                repr(text.encode("utf-8"))[2:-1]}
    return {form for form in out if len(form) >= 4 or not form.isascii()}


PERSONAL_VALUES = [
    # name, its parts, the corrected name, kana (also half-width)
    "山田 花子", "山田", "花子", CORRECTED_NAME, "華子", "ヤマダ ハナコ", "ﾔﾏﾀﾞ ﾊﾅｺ", "ハナコ",
    # birth date, every way of writing it
    "1987-06-15", "1987/06/15", "1987/6/15", "1987.06.15", "19870615", "1987年6月15日", "昭和62年6月15日",
    "S62.6.15", "S62.06.15",
    # phone: national, E.164, international display, bare
    "090-1234-5678", "+819012345678", "+81 90-1234-5678", "+81-90-1234-5678", "90-1234-5678", "1234-5678",
    # e-mail
    "hanako.yamada@example.jp", "hanako.yamada",
    # postal code and address (the prefix comes from the postal master)
    "942-1526", "〒942-1526", "十日町市松代", "新潟県十日町市松代", "千年1234番地", "千年1234", "ふるさと荘",
    "201号",
    # participation conditions (health) are personal details too
    "腰痛のため軽作業希望", "腰痛",
    # the card: its holder's name (the token carries it, so the token is personal too)
    CARD_NAME, "鈴木", "一郎",
]


def needles(extra: Sequence[str] = ()) -> dict[str, str]:
    """form → the value it came from."""
    found: dict[str, str] = {}
    for value in [*PERSONAL_VALUES, *extra]:
        for form in _forms(value):
            found.setdefault(form.casefold(), value)
    return found


def leaks(texts: Iterable[str], extra: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(value, the line it was found in) for every personal value anywhere in `texts`."""
    table = needles(extra)
    found = []
    for text in texts:
        folded = text.casefold()
        squeezed = "".join(c for c in folded if c not in SEPARATORS)  # "+81 90 1234 5678" too
        for form, value in table.items():
            if form in folded or form in squeezed:
                found.append((value, text[:400]))
    return found


# --- capturing every log record of this process ----------------------------------------------


def _untruncated(args) -> str:
    """The record's arguments in full: SQLAlchemy wraps bound parameters and result rows in objects
    whose repr cuts long values short, and a value hidden by today's cut must still count."""
    items = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    parts = []
    for arg in items:
        raw = next((getattr(arg, a) for a in ("params", "row") if hasattr(arg, a)), arg)
        parts.append(repr(raw))
    return ", ".join(parts)


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a bad format string still shows its template and arguments
            line = f"{record.name}: {record.msg!r}"
        self.lines.append(f"{line} | args={_untruncated(record.args)}")

    def has(self, *parts: str) -> bool:
        return any(all(p in line for p in parts) for line in self.lines)


class LogCapture:
    """Root at DEBUG, every existing logger at DEBUG, the capture first on the root and on every logger
    that does not propagate; `attach()` again once more loggers exist (uvicorn configures its own)."""

    def __init__(self) -> None:
        self.handler = Capture()
        self._saved: dict[str, tuple[int, list, bool, bool]] = {}

    def _loggers(self):
        yield "", logging.getLogger()
        for name, logger in list(logging.Logger.manager.loggerDict.items()):
            if isinstance(logger, logging.Logger):
                yield name, logger

    def attach(self) -> None:
        for name, logger in self._loggers():
            if name not in self._saved:
                self._saved[name] = (logger.level, list(logger.handlers), logger.propagate, logger.disabled)
            if logger.level > logging.DEBUG or name == "":
                logger.setLevel(logging.DEBUG)
            logger.disabled = False
            if (name == "" or not logger.propagate) and self.handler not in logger.handlers:
                logger.handlers.insert(0, self.handler)  # first: it sees each record before any filter
        # SQLAlchemy's engine at INFO logs each statement with its bound parameters. Not DEBUG here:
        # that adds result rows, and the central's rows hold details in clear (see the CLI test and
        # docs/SECURITY.md); the station's rows are checked at DEBUG in the command-line test.
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
        logging.captureWarnings(True)

    def restore(self) -> None:
        logging.captureWarnings(False)
        for name, (level, handlers, propagate, disabled) in self._saved.items():
            logger = logging.getLogger(name) if name else logging.getLogger()
            logger.setLevel(level)
            logger.handlers[:] = handlers
            logger.propagate, logger.disabled = propagate, disabled
        for _name, logger in self._loggers():
            if self.handler in logger.handlers:
                logger.removeHandler(self.handler)


@pytest.fixture
def capture():
    logs = LogCapture()
    logs.attach()
    yield logs
    logs.restore()


@pytest.fixture
def central(tmp_path, capture):
    running = RunningCentral(sqlite_url(tmp_path / "central"))
    capture.attach()  # uvicorn's dictConfig has just reset its own loggers
    try:
        yield seed(running)
    finally:
        running.close()


def _card(central) -> str:
    iat = int((NOW - timedelta(days=1)).timestamp())
    return issue_card(central.platform_key(), iss=PLATFORM_ID, sub=CARD_SUB, name=CARD_NAME, mnv=True,
                      iat=iat, days=365)


def _protected_station(root, monkeypatch) -> Station:
    """A station whose data key is wrapped by a passphrase, reopened the way a command opens it."""
    Station.open(root, now=NOW).close()
    key_store.set_passphrase(root, PASSPHRASE, scrypt_params=FAST)
    monkeypatch.setenv(ENV_VAR, PASSPHRASE)
    station = Station.open(root, now=NOW)
    assert key_store.is_protected(root) and station.meta.get("privacy_state") == "protected"
    return station


def _flush_all() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


# --- the checker itself can fail --------------------------------------------------------------


def test_the_checker_finds_a_value_in_any_form():
    for planted in ["INSERT ... ('山田 花子', ...)", "name=山田\u3000花子",
                    '{"name": "\\u5c71\\u7530 \\u82b1\\u5b50"}', "GET /v1/x?name=%E5%B1%B1%E7%94%B0",
                    "phone ０９０－１２３４－５６７８", "tel 09012345678", "born 19870615",
                    "b'\\xe5\\xb1\\xb1\\xe7\\x94\\xb0'", "mail HANAKO.YAMADA@EXAMPLE.JP", "〒9421526",
                    "ﾔﾏﾀﾞﾊﾅｺ", "ヤマダハナコ", "+81 90 1234 5678"]:
        assert leaks([planted]), planted
    assert leaks(["token eyJabc.def.ghi"], extra=["eyJabc.def.ghi"])
    for clean in ["INSERT INTO ledger (seq, record_id) VALUES (?, ?)", "POST /v1/records HTTP/1.1 200",
                  "activity central-kusakari at 2026-11-22T10:00:00+09:00", "十日町市 152102"]:
        assert leaks([clean]) == [], clean


# --- in this process ---------------------------------------------------------------------------


def test_in_process_check_in_sync_and_export_log_nothing_personal(
    central, capture, tmp_path, monkeypatch, capfd
):
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "station"))  # cli.main sets it; undone afterwards
    root = tmp_path / "station"
    station = _protected_station(root, monkeypatch)
    file_handler = configure_logging(root, level=logging.DEBUG)  # the station's own redacting log file
    try:
        enroll(station, central.url, central.code, label="privacy-test")
        service = CheckinService(station)
        manual = service.check_in_manual(ACTIVITY, PERSON, NOW)
        assert manual.outcome is Outcome.RECORDED, manual
        again = service.check_in_manual(ACTIVITY, PERSON_TYPED, NOW + timedelta(minutes=1))
        assert again.outcome is Outcome.DUPLICATE, again
        bad_form = {**PERSON, "email": "hanako.yamada@", "phone": "090-1234-567"}
        bad = service.check_in_manual(ACTIVITY, bad_form, NOW)
        assert bad.outcome is Outcome.INVALID_INPUT and set(bad.fields) == {"email", "phone"}, bad
        token = _card(central)
        card = service.check_in_token(ACTIVITY, token + "\r\n", NOW + timedelta(minutes=2))
        assert card.outcome is Outcome.RECORDED, card

        corrected_key = station.manual_person_key(CORRECTED_NAME, date(1987, 6, 15))
        details = {**station.ledger.details(manual.record_id), "name": CORRECTED_NAME}
        correction = station.ledger.correct(manual.record_id, person_key=corrected_key, details=details,
                                            reason="given name mistyped", at=NOW + timedelta(minutes=3))
        station.ledger.cancel(card.record_id, reason="scanned at the wrong table",
                              at=NOW + timedelta(minutes=4))

        bundle = tmp_path / "day.frr"
        assert write_bundle(station, bundle, now=NOW).records == 4

        client = client_for(station)
        try:
            report = sync_once(station, client, fast_backoff())
        finally:
            client.close()
        assert report.error is None and report.to_json() == {
            "uploaded": 4, "accepted": 4, "duplicates": 0, "rejected": 0, "pending": 0}, report
        with central.engine.begin() as conn:
            imported, receipt = import_with_receipt(conn, bundle.read_text("ascii"))
        assert imported["duplicates"] == 4, imported
        (tmp_path / "day.receipt").write_text(receipt, "ascii")
        assert import_receipt(station, tmp_path / "day.receipt").duplicates == 4
        stored = central.stored()
        assert stored[correction.record_id]["details"]["name"] == CORRECTED_NAME  # the details did travel

        # The command line in this process too: CSV export (personal data into a file, by design).
        csv_file = tmp_path / "day.csv"
        assert cli.main(["--data-dir", str(root), "export", "--format", "csv", "--out", str(csv_file)]) == 0
        assert "山田 華子" in csv_file.read_text("utf-8-sig")
        logging.getLogger("desktop.sync.worker").debug("%s from a desktop logger", SENTINEL)
    finally:
        station.close()
        logging.getLogger().removeHandler(file_handler)
        file_handler.close()
    _flush_all()
    out, err = capfd.readouterr()
    sys.stdout.write(out)  # keep pytest's report useful
    sys.stderr.write(err)

    lines = capture.handler.lines
    # The capture captured: our sentinel, SQL of both databases, HTTP both ways, uvicorn's access log.
    assert capture.handler.has(SENTINEL)
    # The station's write path talks to the driver directly and traces its statements at DEBUG ...
    assert capture.handler.has("desktop.store.sql", "INSERT INTO ledger")
    assert capture.handler.has("desktop.store.sql", "INSERT INTO personal_details")
    assert capture.handler.has("desktop.store.sql", manual.record_id)  # ... with their values
    assert capture.handler.has("sqlalchemy.engine", "FROM attendance")  # its reads go through SQLAlchemy
    assert capture.handler.has("sqlalchemy.engine", "INSERT INTO records")  # the central ...
    assert capture.handler.has("urllib3", "POST /v1/records")
    assert capture.handler.has("uvicorn.access", "/v1/records")
    log_file = (root / "logs" / LOG_FILE).read_text("utf-8")
    assert SENTINEL in log_file and "INSERT INTO ledger" in log_file

    assert leaks(lines, extra=[token, token.split(".")[1], PASSPHRASE]) == []
    assert leaks([out, err], extra=[token, PASSPHRASE]) == []
    assert leaks(log_file.splitlines(), extra=[token, PASSPHRASE]) == []
    assert capture.handler.has("sqlalchemy.engine", "parameters hidden")  # the central's engine hides them


# --- through the command line ------------------------------------------------------------------

_VERBOSE_CLI = """
import logging, sys
class Untruncated(logging.Formatter):  # as Capture: SQLAlchemy's parameters and rows in full
    def format(self, record):
        args = record.args
        items = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
        raw = [next((getattr(x, a) for a in ("params", "row") if hasattr(x, a)), x) for x in items]
        return super().format(record) + " | args=" + repr(raw)
handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(Untruncated("%(levelname)s %(name)s: %(message)s"))
root = logging.getLogger()
root.addHandler(handler)
root.setLevel(logging.DEBUG)
logging.getLogger("sqlalchemy").setLevel(logging.DEBUG)
logging.captureWarnings(True)
logging.getLogger("desktop.cli").debug("{sentinel} from the command's process")
from desktop.cli import main
sys.exit(main(sys.argv[1:]))
""".replace("{sentinel}", SENTINEL)


def _cli(data_dir, *args, verbose: bool = True):
    """`furusato-field --data-dir D ARGS`; verbose: the same main() with a DEBUG handler on stderr."""
    if verbose:
        command = [sys.executable, "-W", "default", "-c", _VERBOSE_CLI]
    else:
        command = [os.path.join(os.path.dirname(sys.executable), "furusato-field")]
        if not os.path.exists(command[0]):
            command = [sys.executable, "-m", "desktop"]
    env = {**os.environ, ENV_VAR: PASSPHRASE, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    env.pop(paths.HOME_ENV, None)
    done = subprocess.run([*command, "--data-dir", str(data_dir), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=180, env=env)
    return done.returncode, done.stdout, done.stderr


def test_command_line_check_in_sync_and_export_log_nothing_personal(
    central, capture, tmp_path, monkeypatch, capfd
):
    data = tmp_path / "cli-station"
    outputs: list[str] = []

    def run(*args, expect=0, verbose=True):
        code, out, err = _cli(data, *args, verbose=verbose)
        outputs.extend([out, err])
        assert code == expect, (args, out, err)
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    enrolled = run("enroll", "--server", central.url, "--code", central.code, "--label", "privacy-cli")
    assert enrolled[0]["device_id"]
    key_store.set_passphrase(data, PASSPHRASE, scrypt_params=FAST)

    person = tmp_path / "person.json"
    person.write_text(json.dumps(PERSON_TYPED, ensure_ascii=False), encoding="utf-8")
    at = NOW.isoformat()
    recorded = run("checkin", "--activity", ACTIVITY, "--manual", person, "--at", at)[0]
    assert recorded["outcome"] == "recorded", recorded
    assert run("checkin", "--activity", ACTIVITY, "--manual", person, "--at", at)[0]["outcome"] == "duplicate"
    person.write_text(json.dumps({**PERSON, "email": "hanako.yamada@@example.jp", "birth_date": "1987-13-15"},
                                 ensure_ascii=False), encoding="utf-8")
    assert run("checkin", "--activity", ACTIVITY, "--manual", person, "--at", at, expect=1)[0]["fields"] == [
        "birth_date", "email"]
    person.write_text(json.dumps(PERSON, ensure_ascii=False)[:40], encoding="utf-8")  # cut short: not JSON
    assert run("checkin", "--activity", ACTIVITY, "--manual", person, "--at", at, expect=1)[0]["error"]
    token = _card(central)
    card = run("checkin", "--activity", ACTIVITY, "--token", token, "--at", at)[0]
    assert card["outcome"] == "recorded", card

    # Correct and cancel the way the window does (no sub-command for them): through the ledger.
    monkeypatch.setenv(ENV_VAR, PASSPHRASE)
    station = Station.open(data, now=NOW)
    try:
        details = {**station.ledger.details(recorded["record_id"]), "name": CORRECTED_NAME}
        corrected_key = station.manual_person_key(CORRECTED_NAME, date(1987, 6, 15))
        station.ledger.correct(recorded["record_id"], person_key=corrected_key, details=details,
                               reason="given name mistyped", at=NOW + timedelta(minutes=3))
        station.ledger.cancel(card["record_id"], reason="scanned at the wrong table",
                              at=NOW + timedelta(minutes=4))
    finally:
        station.close()

    assert run("export", "--format", "bundle", "--out", tmp_path / "day.frr")[0]["records"] == 4
    assert run("sync")[0] == {"uploaded": 4, "accepted": 4, "duplicates": 0, "rejected": 0, "pending": 0}
    assert run("export", "--format", "csv", "--out", tmp_path / "day.csv")[0]["rows"] >= 1
    assert run("activities")
    run("sync", verbose=False)  # the installed entry point, at its own log level
    assert CORRECTED_NAME in (tmp_path / "day.csv").read_text("utf-8-sig")

    # The card scanned again (its first record was cancelled), carried on a stick this time: the
    # central's receipt settles it; then the state for a support call.
    later = (NOW + timedelta(minutes=30)).isoformat()
    assert run("checkin", "--activity", ACTIVITY, "--token", token, "--at", later)[0]["outcome"] == "recorded"
    assert run("export", "--format", "bundle", "--out", tmp_path / "stick.frr")[0]["records"] == 1
    with central.engine.begin() as conn:
        _, receipt = import_with_receipt(conn, (tmp_path / "stick.frr").read_text("ascii"))
    (tmp_path / "stick.receipt").write_text(receipt, "ascii")
    assert run("import-receipt", tmp_path / "stick.receipt")[0]["settled"] == 1
    assert run("status")[0]["pending"] == 0

    _flush_all()
    out, err = capfd.readouterr()
    log_file = (data / "logs" / LOG_FILE).read_text("utf-8")
    everything = "\n".join(outputs)
    assert everything.count(SENTINEL) >= 8  # every verbose command's stderr was captured
    assert "INSERT INTO ledger" in everything and "INSERT INTO personal_details" in everything
    assert "'v1." in everything and "Row (" in everything  # sealed details as bound values and as result rows
    assert "urllib3" in everything and "POST /v1/records" in everything
    assert capture.handler.has("sqlalchemy.engine", "INSERT INTO records")  # the central, in this process
    assert capture.handler.has("uvicorn.access", "/v1/records")
    assert "INSERT INTO ledger" in log_file  # the file handler saw the same records

    secrets = [token, token.split(".")[1], PASSPHRASE]
    assert leaks(everything.splitlines(), extra=secrets) == []
    assert leaks(log_file.splitlines(), extra=secrets) == []
    assert leaks(capture.handler.lines, extra=secrets) == []
    assert leaks([out, err], extra=secrets) == []
