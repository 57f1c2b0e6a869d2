"""`set-person --sub ID [--residence CODE] [--mnv|--no-mnv] [--minor|--no-minor] [--gc|--no-gc]
[--premium LG:YYYY-MM-DD ...]`: what `GET /v1/eligibility` knows about a registrant."""

from __future__ import annotations

import argparse

NAME = "set-person"
HELP = "record a registrant's residence, checks and premium registrations (for eligibility)"


def configure(parser) -> None:
    parser.add_argument("--sub", required=True)
    parser.add_argument("--residence")
    parser.add_argument("--mnv", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--minor", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--gc", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--premium", nargs="*", metavar="LG:EXPIRES", help="replaces the premium list")


def run(args) -> int:
    from datetime import date

    from central.admin import AdminError, upsert_person
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    premium = None
    if args.premium is not None:
        premium = []
        for item in args.premium:
            lg, _, expires = item.partition(":")
            try:
                date.fromisoformat(expires)
            except ValueError:
                emit({"error": f"premium entries are LG:YYYY-MM-DD, not {item!r}", "field": "premium"})
                return EXIT_REFUSED
            premium.append({"lg": lg, "expires": expires})
    try:
        with open_engine(args).begin() as conn:
            emit(upsert_person(conn, args.sub, residence=args.residence, mynumber_verified=args.mnv,
                               minor=args.minor, guardian_consent=args.gc, premium=premium))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
