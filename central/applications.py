"""Premium applications (DOMAIN rules 5–6, III-3-2 STEP2): judged by the engine over the central's
own records, approved at once where the local government lets the system approve, otherwise left
for its staff, who approve (after a re-check) or refuse.

Every action runs in the caller's transaction and first locks the person's row, so two actions on
one person never interleave: the pending-application check and the change of registrations are one
step. Statuses: `approved`, `pending_review`, `refused`.

- `apply`: an application for a person and a local government. A pending one for the same pair is
  returned as it is (idempotent), and so is one approved with the same day of evaluation (a retried
  request never renews twice). Otherwise the person's expired registrations are lapsed, the engine
  judges, and the row is stored: not eligible → `refused` with the engine's reasons; eligible and
  the local government auto-approves → `approved`, the registration granted (or renewed); eligible
  otherwise → `pending_review`.
- `approve`: a pending application is judged again on the day of approval (attendance may have been
  withdrawn, a check revoked, another registration granted meanwhile). Still eligible → `approved`
  with that evaluation's expiry — premium lasts a year from approval; no longer eligible →
  `refused` with the re-check's reasons.
- `refuse`: staff turn a pending application down, with a note.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock, premium
from central.person_eligibility import build_case, person_sub
from central.store.tables import applications, local_governments
from furusato import lgcodes
from furusato.card_token import SUB_PATTERN
from furusato.eligibility import CaseError, evaluate_json

APPROVED, PENDING, REFUSED = "approved", "pending_review", "refused"
STATUSES = (APPROVED, PENDING, REFUSED)
SYSTEM, STAFF = "system", "staff"
NOTE_MAX = 1000


class ApplicationError(ValueError):
    """A refused request: `status` is the HTTP status, `error` the code, `field` the input at fault."""

    def __init__(self, status: int, error: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.error, self.field = status, error, field

    def to_json(self) -> dict[str, Any]:
        return {"error": self.error, "detail": str(self), "field": self.field}


def parse_person(person: Any) -> str:
    sub = person_sub(person) if isinstance(person, str) else None
    if sub is None or not SUB_PATTERN.fullmatch(sub):
        raise ApplicationError(400, "bad_person", "person is a card subject (8–64 characters of A-Z a-z 0-9 _ -), "
                                                  "optionally as card:<sub>", "person")
    return sub


def parse_lg(code: Any, field: str = "lg") -> str:
    if not isinstance(code, str) or len(code) != 6 or not code.isascii() or not code.isdigit():
        raise ApplicationError(400, "bad_lg", f"a local-government code is 6 ASCII digits, not {code!r}", field)
    if not lgcodes.is_valid_code(code):
        raise ApplicationError(400, "bad_lg", f"wrong check digit in {code}", field)
    found = lgcodes.lookup(code)
    if found is None:
        raise ApplicationError(400, "bad_lg", f"{code} is not in the local-government master", field)
    if found.kind == "ward":
        raise ApplicationError(400, "bad_lg", f"{code} is a ward of a designated city, not a local government", field)
    return code


def day_arg(text: str | None, field: str = "as_of") -> date | None:
    """A YYYY-MM-DD command-line argument (None stays None: today)."""
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ApplicationError(400, "bad_as_of", f"{field} is YYYY-MM-DD, not {text!r}", field) from None


def parse_day(as_of: date | None, field: str = "as_of", *, not_before: date | None = None) -> date:
    """The day of an action: today in Japan by default, never later (nothing is decided ahead)."""
    today = clock.today()
    day = as_of or today
    if day > today:
        raise ApplicationError(400, "bad_as_of", f"{field} {day} is after today ({today})", field)
    if not_before is not None and day < not_before:
        raise ApplicationError(400, "bad_as_of", f"{field} {day} is before the application's day {not_before}", field)
    return day


def apply(conn: Connection, person: Any, lg: Any, as_of: date | None = None) -> tuple[dict[str, Any], bool]:
    """→ (the application, True when this call created it)."""
    sub, code = parse_person(person), parse_lg(lg)
    day = parse_day(as_of)
    row = _locked_person(conn, sub)
    setting = conn.execute(select(local_governments).where(local_governments.c.code == code)).first()
    if setting is None:
        raise ApplicationError(404, "unknown_lg", f"{code} is not a local government of this central (add-lg)", "lg")
    same = conn.execute(
        select(applications).where(applications.c.person == sub, applications.c.lg_code == code)
        .where((applications.c.status == PENDING)
               | ((applications.c.status == APPROVED) & (applications.c.as_of == day.isoformat())))
        .order_by(applications.c.submitted_at.desc())
    ).first()
    if same is not None:
        return application_json(same), False
    held, _ = premium.lapse_person(conn, sub, row.premium, day)
    result = _evaluate(conn, sub, code, day)
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()), "person": sub, "lg_code": code, "as_of": day.isoformat(),
        "submitted_at": _stamp(), "result": result,
    }
    if not result["eligible"]:
        values.update(status=REFUSED, decided_at=values["submitted_at"], decided_by=SYSTEM,
                      decision_as_of=day.isoformat())
    elif setting.auto_approve:
        premium.grant(conn, sub, held, code, result["expires"])
        values.update(status=APPROVED, decided_at=values["submitted_at"], decided_by=SYSTEM,
                      decision_as_of=day.isoformat(), expires=result["expires"])
    else:
        values.update(status=PENDING)
    conn.execute(insert(applications).values(**values))
    return get(conn, values["id"]), True


def approve(conn: Connection, application_id: str, as_of: date | None = None, note: str | None = None) -> dict[str, Any]:
    """Staff approval with a re-check; an approved application is returned unchanged. `note`: the
    staff's optional words, kept with the decision."""
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise ApplicationError(400, "bad_note", f"a note is at most {NOTE_MAX} characters", "note")
    app = _locked_application(conn, application_id)
    if app.status == APPROVED:
        return application_json(app)
    if app.status != PENDING:
        raise ApplicationError(409, "not_pending", f"application {application_id} is {app.status}", "application")
    day = parse_day(as_of, not_before=date.fromisoformat(app.as_of))
    row = premium.lock_person(conn, app.person)
    held, _ = premium.lapse_person(conn, app.person, row.premium, day)
    result = _evaluate(conn, app.person, app.lg_code, day)
    values: dict[str, Any] = {"decided_at": clock.iso(), "decision_as_of": day.isoformat(), "recheck": result,
                              "note": note}
    if result["eligible"]:
        premium.grant(conn, app.person, held, app.lg_code, result["expires"])
        values.update(status=APPROVED, decided_by=STAFF, expires=result["expires"])
    else:
        values.update(status=REFUSED, decided_by=SYSTEM)
    conn.execute(update(applications).where(applications.c.id == app.id).values(**values))
    return get(conn, app.id)


def refuse(conn: Connection, application_id: str, note: str) -> dict[str, Any]:
    """Staff refusal of a pending application; a refused application is returned unchanged."""
    note = (note or "").strip()
    if not note or len(note) > NOTE_MAX:
        raise ApplicationError(400, "bad_reason", f"a refusal needs a reason of 1–{NOTE_MAX} characters", "reason")
    app = _locked_application(conn, application_id)
    if app.status == REFUSED:
        return application_json(app)
    if app.status != PENDING:
        raise ApplicationError(409, "not_pending", f"application {application_id} is {app.status}", "application")
    conn.execute(update(applications).where(applications.c.id == app.id).values(
        status=REFUSED, decided_at=clock.iso(), decided_by=STAFF, note=note))
    return get(conn, app.id)


def get(conn: Connection, application_id: str) -> dict[str, Any]:
    row = conn.execute(select(applications).where(applications.c.id == application_id)).first()
    if row is None:
        raise ApplicationError(404, "unknown_application", f"no application {application_id!r}", "application")
    return application_json(row)


def list_applications(
    conn: Connection, *, lg: str | None = None, status: str | None = None, person: str | None = None,
) -> list[dict[str, Any]]:
    query = select(applications).order_by(applications.c.submitted_at, applications.c.id)
    if lg is not None:
        query = query.where(applications.c.lg_code == parse_lg(lg))
    if status is not None:
        if status not in STATUSES:
            raise ApplicationError(400, "bad_status", f"status is one of {', '.join(STATUSES)}", "status")
        query = query.where(applications.c.status == status)
    if person is not None:
        query = query.where(applications.c.person == parse_person(person))
    return [application_json(r) for r in conn.execute(query)]


def application_json(row) -> dict[str, Any]:
    deciding = row.recheck or row.result
    return {
        "id": row.id, "person": row.person, "lg": row.lg_code, "as_of": row.as_of,
        "submitted_at": row.submitted_at, "status": row.status,
        # why it was refused: the deciding evaluation's reason codes (empty for a staff refusal: see note)
        "reasons": list(deciding["reasons"]) if row.status == REFUSED else [],
        "expires": row.expires,
        "long_stay": bool(deciding["long_stay"]) if row.status == APPROVED else False,
        "decided_at": row.decided_at, "decided_by": row.decided_by, "decision_as_of": row.decision_as_of,
        "note": row.note, "result": row.result, "recheck": row.recheck,
    }


def _stamp() -> str:
    """Now, to the microsecond: applications are listed in the order they came."""
    return clock.now().astimezone(UTC).isoformat(timespec="microseconds")


def _locked_person(conn: Connection, sub: str):
    row = premium.lock_person(conn, sub)
    if row is None:
        raise ApplicationError(404, "unknown_person", f"no person {sub} (set-person)", "person")
    if row.residence is None:
        raise ApplicationError(409, "person_incomplete", "the person's residence is not known", "person")
    return row


def _locked_application(conn: Connection, application_id: str):
    """The application, read again under its person's lock (person before application, always)."""
    first = conn.execute(select(applications.c.person).where(applications.c.id == application_id)).first()
    if first is None:
        raise ApplicationError(404, "unknown_application", f"no application {application_id!r}", "application")
    premium.lock_person(conn, first.person)
    return conn.execute(select(applications).where(applications.c.id == application_id).with_for_update()).one()


def _evaluate(conn: Connection, sub: str, lg: str, day: date) -> dict[str, Any]:
    try:
        return evaluate_json(build_case(conn, sub, lg, day))
    except CaseError as exc:  # the stored person is at fault (e.g. a malformed premium row from set-person)
        raise ApplicationError(409, "bad_case", str(exc), exc.field) from None
