"""Console users: one local government each, one role, an Argon2id password hash.

Roles (guideline III-1-2): `admin` (管理者: users and settings, and everything staff do), `staff`
(職員: activities, records, applications, stations' enrolment codes), `viewer` (閲覧: reads, and never
sees a personal value).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock
from central.store.tables import console_users, local_governments

ADMIN, STAFF, VIEWER = "admin", "staff", "viewer"
ROLES = (ADMIN, STAFF, VIEWER)
PASSWORD_MIN = 10
PASSWORD_MAX = 256  # Argon2 would hash a megabyte too; nobody types one
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._@-]{2,63}")

_hasher = PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106 low-memory profile
# Verifying against this when the login is unknown costs the same time as a real check, so the
# answer's timing does not tell which logins exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field

    def to_json(self) -> dict:
        return {"error": str(self), "field": self.field}


@dataclass(frozen=True)
class User:
    id: int
    login: str
    lg_code: str
    role: str

    @property
    def sees_personal(self) -> bool:
        return self.role in (ADMIN, STAFF)

    @property
    def may_change(self) -> bool:
        return self.role in (ADMIN, STAFF)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


def normalize_login(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def check_password(password: str) -> None:
    if not isinstance(password, str) or not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise AccountError(f"a password is {PASSWORD_MIN}–{PASSWORD_MAX} characters", "password")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in password):
        raise AccountError("a password holds no control characters", "password")


def create_user(conn: Connection, lg_code: str, login: str, role: str, password: str) -> User:
    login = normalize_login(login)
    if not _LOGIN.fullmatch(login):
        raise AccountError("a login is 3–64 characters of a-z 0-9 . _ @ - (starting with a letter or digit)",
                           "login")
    if role not in ROLES:
        raise AccountError(f"role is one of {', '.join(ROLES)}", "role")
    if conn.execute(select(local_governments.c.code).where(local_governments.c.code == lg_code)).first() is None:
        raise AccountError(f"{lg_code} is not a local government of this central (add-lg first)", "lg")
    check_password(password)
    if conn.execute(select(console_users.c.id).where(console_users.c.login == login)).first() is not None:
        raise AccountError(f"the login {login} is taken", "login")
    conn.execute(insert(console_users).values(
        login=login, lg_code=lg_code, role=role, password_hash=_hasher.hash(password), created_at=clock.iso()))
    return by_login(conn, login)


def by_login(conn: Connection, login: str) -> User | None:
    row = conn.execute(select(console_users).where(console_users.c.login == normalize_login(login))).first()
    return _user(row) if row is not None and row.disabled_at is None else None


def by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(console_users).where(console_users.c.id == user_id)).first()
    return _user(row) if row is not None and row.disabled_at is None else None


def authenticate(conn: Connection, login: str, password: str) -> User | None:
    """The user whose login and password these are, else None (same work either way)."""
    if not isinstance(password, str) or len(password) > PASSWORD_MAX:
        return None
    row = conn.execute(select(console_users).where(console_users.c.login == normalize_login(login))).first()
    try:
        _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row.disabled_at is not None:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        conn.execute(update(console_users).where(console_users.c.id == row.id)
                     .values(password_hash=_hasher.hash(password)))
    return _user(row)


def list_users(conn: Connection, lg_code: str) -> list[dict]:
    rows = conn.execute(select(console_users).where(console_users.c.lg_code == lg_code)
                        .order_by(console_users.c.login)).all()
    return [{"id": r.id, "login": r.login, "role": r.role, "created_at": r.created_at,
             "disabled_at": r.disabled_at} for r in rows]


def disable_user(conn: Connection, lg_code: str, user_id: int) -> bool:
    """Disable a user of `lg_code` (sessions end at their next request); False when none such."""
    done = conn.execute(update(console_users)
                        .where(console_users.c.id == user_id, console_users.c.lg_code == lg_code,
                               console_users.c.disabled_at.is_(None))
                        .values(disabled_at=clock.iso()))
    return done.rowcount == 1


def _user(row) -> User:
    return User(row.id, row.login, row.lg_code, row.role)
