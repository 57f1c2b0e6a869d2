"""Where the command line gets the passphrase, and opening the data key for a command.

Order: the environment variable FURUSATO_FIELD_PASSPHRASE (for scripts), then a prompt when
stdin is a terminal, else none. On a station nobody has protected yet no passphrase is needed:
the command runs and a warning goes to stderr.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from desktop.privacy import key_store
from desktop.privacy.audit_log import AuditLog
from desktop.privacy.operator_lock import TooManyAttempts, UnlockThrottle

ENV_VAR = "FURUSATO_FIELD_PASSPHRASE"
UNPROTECTED_WARNING = (
    "warning: personal details on this station are not protected by a passphrase; "
    "open the window (or run `furusato-field passphrase`) to set one"
)


def passphrase_from_environment_or_tty(
    env: Mapping[str, str] | None = None, stdin: TextIO | None = None, prompt: str = "Passphrase: "
) -> str | None:
    env = os.environ if env is None else env
    if env.get(ENV_VAR):
        return env[ENV_VAR]
    stdin = sys.stdin if stdin is None else stdin
    try:
        interactive = stdin.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if interactive:
        return getpass.getpass(prompt) or None
    return None


def open_data_key_for_cli(
    root: Path, *, env: Mapping[str, str] | None = None, stdin: TextIO | None = None, stderr: TextIO | None = None
) -> key_store.DataKey:
    """The data key for a command: creates an unprotected one on a fresh folder; warns while unprotected.

    Raises key_store.PassphraseRequired / WrongPassphrase / TooManyAttempts for the caller to turn
    into a usage error (exit code 2) without a traceback."""
    stderr = sys.stderr if stderr is None else stderr
    if not key_store.exists(root):
        data_key = key_store.create(root)
        print(UNPROTECTED_WARNING, file=stderr)
        return data_key
    if not key_store.is_protected(root):
        print(UNPROTECTED_WARNING, file=stderr)
        return key_store.unlock(root, None)
    passphrase = passphrase_from_environment_or_tty(env, stdin)
    if passphrase is None:
        raise key_store.PassphraseRequired(
            f"this station is protected: set {ENV_VAR} or run the command from a terminal"
        )
    throttle, audit = UnlockThrottle.for_data_dir(root), AuditLog.for_data_dir(root)
    try:
        data_key = throttle.attempt(
            lambda: key_store.unlock(root, passphrase), is_wrong=lambda e: isinstance(e, key_store.WrongPassphrase)
        )
    except key_store.WrongPassphrase:
        audit.append("unlock_failed", via="cli", failures=throttle.state.failures)
        raise
    except TooManyAttempts as exc:
        audit.append("unlock_throttled", via="cli", retry_after_s=round(exc.retry_after))
        raise
    return data_key
