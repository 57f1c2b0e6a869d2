"""`add-lg --code CODE [--required N] [--consecutive-each] [--long-stay-days N] [--auto-approve]`."""

from __future__ import annotations

NAME = "add-lg"
HELP = "add or update a local government and its settings"


def configure(parser) -> None:
    parser.add_argument("--code", required=True)
    parser.add_argument("--required", type=int, default=3)
    parser.add_argument("--consecutive-each", action="store_true", help="each day of a run counts (II-4-4)")
    parser.add_argument("--long-stay-days", type=int)
    parser.add_argument("--auto-approve", action="store_true")


def run(args) -> int:
    from central.admin import AdminError, upsert_lg
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    try:
        with open_engine(args).begin() as conn:
            emit(upsert_lg(conn, args.code, required=args.required, consecutive_each=args.consecutive_each,
                           long_stay_days=args.long_stay_days, auto_approve=args.auto_approve))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
