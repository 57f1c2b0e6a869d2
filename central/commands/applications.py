"""`applications [--lg CODE] [--status STATUS] [--person SUB]`: premium applications, oldest first.
`applications --lg CODE` lists what waits for that local government's review (pending by default)."""

from __future__ import annotations

NAME = "applications"
HELP = "list premium applications (a local government's pending ones with --lg)"


def configure(parser) -> None:
    parser.add_argument("--lg", metavar="CODE")
    parser.add_argument("--status", choices=("approved", "pending_review", "refused", "all"),
                        help="default: pending_review with --lg, otherwise all")
    parser.add_argument("--person", metavar="SUB")


def run(args) -> int:
    from central.applications import ApplicationError, list_applications
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    status = args.status or ("pending_review" if args.lg else "all")
    try:
        with open_engine(args).connect() as conn:
            found = list_applications(conn, lg=args.lg, status=None if status == "all" else status,
                                      person=args.person)
    except ApplicationError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    emit({"applications": found})
    return EXIT_OK
