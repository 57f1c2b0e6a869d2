"""`enrollment-code --lg CODE [--days N]`: a one-time code binding a station to a local government."""

from __future__ import annotations

NAME = "enrollment-code"
HELP = "make a one-time enrollment code (prints {\"code\", \"lg\", \"expires_at\"})"


def configure(parser) -> None:
    parser.add_argument("--lg", required=True)
    parser.add_argument("--days", type=int, default=7)


def run(args) -> int:
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from central.enrollment import new_code

    if args.days < 1:
        emit({"error": "days must be at least 1", "field": "days"})
        return EXIT_REFUSED
    try:
        with open_engine(args).begin() as conn:
            emit(new_code(conn, args.lg, days=args.days))
    except LookupError as exc:
        emit({"error": str(exc), "field": "lg"})
        return EXIT_REFUSED
    return EXIT_OK
