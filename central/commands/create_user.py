"""`create-user --lg CODE --login LOGIN --role admin|staff|viewer`: a staff-console account.

The password comes from FURUSATO_CENTRAL_PASSWORD or is asked twice on the terminal (never an
argument: it would stay in the shell's history and the process list). Prints `{"id", "login",
"lg", "role"}`; a refused input exits 1 with `{"error", "field"}`.
"""

from __future__ import annotations

import os
import sys

NAME = "create-user"
HELP = "make a staff-console account (password from FURUSATO_CENTRAL_PASSWORD or asked)"
PASSWORD_ENV = "FURUSATO_CENTRAL_PASSWORD"


def configure(parser) -> None:
    parser.add_argument("--lg", required=True, help="the local government's 6-digit code (added with add-lg)")
    parser.add_argument("--login", required=True)
    parser.add_argument("--role", required=True, choices=("admin", "staff", "viewer"))


def _password() -> str | None:
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        return None
    import getpass

    first = getpass.getpass("パスワード / password: ")
    if getpass.getpass("もう一度 / again: ") != first:
        sys.stderr.write("furusato-central: the two passwords differ\n")
        return ""
    return first


def run(args) -> int:
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine, usage_error
    from central.console import audit
    from central.console.accounts import AccountError, create_user

    password = _password()
    if password is None:
        return usage_error(f"no password: set {PASSWORD_ENV} or run on a terminal")
    try:
        with open_engine(args).begin() as conn:
            user = create_user(conn, args.lg, args.login, args.role, password)
            audit.write(conn, None, user.lg_code, "user_created", f"user:{user.id}", role=user.role, via="cli")
    except AccountError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    emit({"id": user.id, "login": user.login, "lg": user.lg_code, "role": user.role})
    return EXIT_OK
