"""`issue-card --sub ID [--name NAME] [--mnv] [--minor] [--gc] [--days N] [--json]`: prints a card token.

Bare on one line, as CONTRACTS §3 says, so `TOKEN=$(furusato-central issue-card ...)` works;
`--json` gives `{"token", "kid", "sub", "exp"}` for scripts that want the key id and expiry too.

The platform key is made on first use. The person's flags are also kept in the `persons` table
(used by `GET /v1/eligibility`).
"""

from __future__ import annotations

NAME = "issue-card"
HELP = "issue a registration card (prints the token; --json: {\"token\", \"kid\", \"sub\", \"exp\"})"


def configure(parser) -> None:
    parser.add_argument("--sub", required=True)
    parser.add_argument("--name")
    parser.add_argument("--mnv", action="store_true", help="My Number card verified")
    parser.add_argument("--minor", action="store_true")
    parser.add_argument("--gc", action="store_true", help="guardian consent given")
    parser.add_argument("--days", type=int, help="validity in days (default 365)")
    parser.add_argument("--json", action="store_true", help='print {"token", "kid", "sub", "exp"}')


def run(args) -> int:
    import jwt

    from central import admin, platform_keys
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from furusato.card_token import SUB_PATTERN, issue_card

    if not SUB_PATTERN.fullmatch(args.sub):
        emit({"error": "sub is 8–64 characters of A-Z a-z 0-9 _ -", "field": "sub"})
        return EXIT_REFUSED
    if args.days is not None and args.days < 1:
        emit({"error": "days must be at least 1", "field": "days"})
        return EXIT_REFUSED
    engine = open_engine(args)
    with engine.begin() as conn:
        key = platform_keys.active_key(conn)
        token = issue_card(
            key, iss=platform_keys.PLATFORM_ID, sub=args.sub, name=args.name,
            mnv=args.mnv, minor=args.minor, gc=args.gc, days=args.days,
        )
        admin.upsert_person(conn, args.sub, mynumber_verified=args.mnv, minor=args.minor, guardian_consent=args.gc)
    if not args.json:
        print(token)
        return EXIT_OK
    claims = jwt.decode(token, options={"verify_signature": False})
    emit({"token": token, "kid": key.kid, "sub": args.sub, "exp": claims["exp"]})
    return EXIT_OK
