"""`keys`: prints the platform's public JWKS (active and recently retired keys)."""

from __future__ import annotations

NAME = "keys"
HELP = "print the platform's public JWKS"


def configure(parser) -> None:
    pass


def run(args) -> int:
    from central import platform_keys
    from central.commands import EXIT_OK, emit, open_engine

    with open_engine(args).begin() as conn:
        platform_keys.active_key(conn)
        emit(platform_keys.public_jwks(conn))
    return EXIT_OK
