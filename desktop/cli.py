"""`furusato-field`: with no sub-command opens the window, otherwise runs one command (CONTRACTS §3)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from desktop import __version__
from desktop.commands import COMMAND_MODULES


def _available_commands():
    for module_name in COMMAND_MODULES:
        try:
            yield importlib.import_module(f"desktop.commands.{module_name}")
        except ModuleNotFoundError as exc:
            # A command whose issue has not landed yet is simply absent from the parser.
            if exc.name != f"desktop.commands.{module_name}":
                raise


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(prog="furusato-field", description="ふるさと住民登録 活動記録ステーション")
    parser.add_argument("--version", action="version", version=f"furusato-field {__version__}")
    parser.add_argument("--data-dir", help="data folder (default: the user data folder; env FURUSATO_FIELD_HOME)")
    parser.add_argument("--replay", metavar="PATH",
                        help="window only: play a folder of images or a video instead of the camera (demos)")
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
    if args.data_dir:
        # Child code (the window, workers) resolves the folder the same way as the commands do.
        os.environ["FURUSATO_FIELD_HOME"] = args.data_dir
    from desktop import paths
    from desktop.privacy.log_redaction import configure_logging

    configure_logging(paths.data_dir(args.data_dir))
    if args.command is None:
        from desktop.ui.app import run_window

        return run_window(args.data_dir, replay=args.replay)
    from desktop.privacy.key_store import KeyStoreError
    from desktop.privacy.operator_lock import TooManyAttempts

    try:
        return commands[args.command].run(args)
    except (KeyStoreError, TooManyAttempts) as exc:
        # A locked or damaged key is the operator's to fix, not a crash: say what, no traceback.
        sys.stderr.write(f"furusato-field: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
