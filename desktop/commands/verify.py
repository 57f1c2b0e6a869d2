"""`verify TOKEN [--keys JWKS_FILE]`: judge a registration card offline, as the station would."""

from __future__ import annotations

NAME = "verify"
HELP = "verify a registration card token offline (use - to read it from stdin)"


def configure(parser) -> None:
    parser.add_argument("token", metavar="TOKEN", help="the card token, or - to read it from stdin")
    parser.add_argument(
        "--keys", metavar="JWKS_FILE", help="trusted keys (default: the trusted keys in the data folder)"
    )


def run(args) -> int:
    import sys
    from pathlib import Path

    from desktop import demo_card, paths
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit, json_error
    from desktop.station import enrolled_at_rest
    from furusato.card_token import verify_card
    from furusato.keys import KeySet, KeySetError
    from furusato.outcomes import VALID
    from furusato.revocation import RevocationListError, load_revoked

    root = paths.data_dir(getattr(args, "data_dir", None))
    keys_path = Path(args.keys) if args.keys else paths.trusted_keys_file(root)
    enrolled = not args.keys and enrolled_at_rest(root)
    if not args.keys and not keys_path.exists():
        # A station not yet enrolled trusts no platform key (only the demo key): a real card is
        # `unknown_key`, which is the answer, not a usage error.
        also = "" if enrolled else ", only the demo key"
        print(f"note: no trusted keys from a central in {root}{also} (enroll the station, or pass --keys)",
              file=sys.stderr)
        trusted = KeySet()
    else:
        try:
            trusted = KeySet.from_file(keys_path)
        except KeySetError as exc:
            return json_error(f"trusted keys: {exc}", "--keys" if args.keys else "trusted_keys")
    if not args.keys:
        # The station's own rule (Station.reload_trust): the demo key counts until it is enrolled.
        trusted = demo_card.trusted_keys(trusted, enrolled=enrolled)
    revocations_path = paths.revocations_file(root)
    try:
        revoked = load_revoked(revocations_path)
    except RevocationListError as exc:
        return json_error(f"revocation list: {exc}", "revoked_subjects")

    # Bytes from stdin: verify_card refuses non-ASCII itself, so no locale can make this crash.
    token = sys.stdin.buffer.read() if args.token == "-" else args.token
    check = verify_card(token, trusted, revoked)
    emit({"outcome": check.outcome, "claims": check.claims})
    return EXIT_OK if check.outcome == VALID else EXIT_REFUSED
