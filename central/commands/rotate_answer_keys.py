"""`rotate-answer-keys`: retire the active answer-signing key and sign a new one in with it."""

from __future__ import annotations

NAME = "rotate-answer-keys"
HELP = "retire the key the central signs its answers and receipts with, and sign in a new one"


def configure(parser) -> None:
    pass


def run(args) -> int:
    from central import answer_signing
    from central.commands import EXIT_OK, emit, open_engine

    with open_engine(args).begin() as conn:
        emit(answer_signing.rotate(conn))
    return EXIT_OK
