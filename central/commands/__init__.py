"""One module per `furusato-central` sub-command (CONTRACTS §3), and how they speak.

Each module defines NAME, HELP, `configure(parser)` and `run(args) -> int`. `configure` must stay
cheap: the parser is built for every invocation, while only the chosen command's `run` pays for
SQLAlchemy or FastAPI. A module not written yet is simply absent from the parser.

Commands print JSON on stdout and exit 0 when done, 1 on refused input, 2 on a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

COMMAND_MODULES = (
    "serve",
    "issue_card",
    "keys",
    "eligibility",
    "import_bundle",
    "add_lg",
    "add_activity",
    "enrollment_code",
    "revoke_card",
    "revoke_device",
    "rotate_keys",
    "rotate_answer_keys",
    "rotate_master_key",
    "set_person",
    "applications",
    "approve",
    "refuse",
    "lapse",
    "self_checkin",
    "designate_activity",
    "refuse_activity",
    "designate_station",
    "create_user",
)

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


def emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def usage_error(message: str) -> int:
    sys.stderr.write(f"furusato-central: error: {message}\n")
    return EXIT_USAGE


def answer_in_transaction(args: Any, action: Callable[[Any], Any], refused: type[Exception]) -> int:
    """The shape of most administrator commands: `action(conn)` in one transaction, its answer
    printed once committed; a `refused` error (with `to_json()`) printed instead, exit 1."""
    try:
        with open_engine(args).begin() as conn:
            answer = action(conn)
    except refused as exc:
        emit(exc.to_json())  # type: ignore[attr-defined]
        return EXIT_REFUSED
    emit(answer)
    return EXIT_OK


def open_engine(args: Any):
    """The database named by --db, migrated to the current schema."""
    from central.store.db import open_engine as _open

    return _open(args.db)
