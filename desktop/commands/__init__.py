"""One module per `furusato-field` sub-command (CONTRACTS §3).

Each module defines NAME, HELP, `configure(parser)` and `run(args) -> int`. `configure` must stay
cheap (no heavy imports): the parser is built for every invocation, while only the chosen
command's `run` pays for SQLAlchemy, OpenCV or Qt.
"""

COMMAND_MODULES = (
    "self_test",
    "decode",
    "verify",
    "enroll",
    "activities",
    "checkin",
    "sync",
    "export",
    "passphrase",
    "new_activity",
    "activity_qr",
    "demo_card",
)
