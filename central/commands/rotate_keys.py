"""`rotate-keys`: retire the active platform key and make a new one (the old stays published a while)."""

from __future__ import annotations

NAME = "rotate-keys"
HELP = "retire the active card-signing key and make a new one"


def configure(parser) -> None:
    pass


def run(args) -> int:
    from central import platform_keys
    from central.commands import EXIT_OK, emit, open_engine

    with open_engine(args).begin() as conn:
        emit(platform_keys.rotate(conn))
    return EXIT_OK
