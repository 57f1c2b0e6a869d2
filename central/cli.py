"""`furusato-central`: runs one sub-command of the reference central API (CONTRACTS §3)."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from central.commands import COMMAND_MODULES, EXIT_USAGE
from furusato import __version__  # not `central`: a stale editable install may see it as a namespace

APP_NAME = "furusato-central"
DB_FILE = "central.sqlite3"


def default_db_url() -> str:
    """A SQLite file in the platform's user data folder; the folder is created by whoever opens it,
    so commands that never touch the database (eligibility) leave no trace on the machine."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{(folder / DB_FILE).as_posix()}"


def _available_commands():
    for module_name in COMMAND_MODULES:
        try:
            yield importlib.import_module(f"central.commands.{module_name}")
        except ModuleNotFoundError as exc:
            # A command whose issue has not landed yet is simply absent from the parser.
            if exc.name != f"central.commands.{module_name}":
                raise


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(prog=APP_NAME, description="ふるさと住民登録 中央API (reference)")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help="SQLAlchemy database URL (default: a SQLite file in the user data folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands = {}
    for module in _available_commands():
        command_parser = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command_parser)
        commands[module.NAME] = module
    return parser, commands


def main(argv: list[str] | None = None) -> int:
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        sys.stderr.write(f"{APP_NAME}: error: a command is required\n")
        return EXIT_USAGE
    if not args.db:
        args.db = default_db_url()
    from central.master_key import MasterKeyError
    from central.vault import VaultError

    try:
        return commands[args.command].run(args)
    except (MasterKeyError, VaultError) as exc:
        # A missing or wrong master key is the operator's to fix, not a crash: say what, no traceback.
        sys.stdout.write(json.dumps({"error": str(exc), "field": "master_key"}, ensure_ascii=False) + "\n")
        sys.stderr.write(f"{APP_NAME}: error: {exc}\n")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
