"""`furusato-field passphrase`: protect the station's personal data with a passphrase, or change it.

The current passphrase (if any) comes from FURUSATO_FIELD_PASSPHRASE or a terminal prompt, the
new one from FURUSATO_FIELD_NEW_PASSPHRASE or two prompts. Only the data key is re-wrapped.
"""

from __future__ import annotations

NAME = "passphrase"
HELP = "set or change the passphrase that protects personal data on this station"


def configure(parser) -> None:
    pass


def run(args) -> int:
    import getpass
    import os
    import sys

    from desktop import paths
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit, usage_error
    from desktop.privacy import key_store
    from desktop.privacy.audit_log import AuditLog
    from desktop.station import Station

    root = paths.data_dir(args.data_dir)
    station = Station.open(root)  # unlocks with the current passphrase, creating the key on a fresh folder
    try:
        was_protected = key_store.is_protected(root)
        new = os.environ.get("FURUSATO_FIELD_NEW_PASSPHRASE")
        if new is None:
            if not sys.stdin.isatty():
                return usage_error("set FURUSATO_FIELD_NEW_PASSPHRASE or run from a terminal")
            new = getpass.getpass("新しいパスフレーズ / new passphrase: ")
            if getpass.getpass("もう一度 / again: ") != new:
                return usage_error("the two passphrases differ")
        old = os.environ.get("FURUSATO_FIELD_PASSPHRASE") if was_protected else None
        try:
            key_store.set_passphrase(root, new, old_passphrase=old)
        except key_store.WeakPassphrase as exc:
            emit({"ok": False, "error": "weak_passphrase", "message": str(exc)})
            return EXIT_REFUSED
        station.meta.set("privacy_state", "protected")
        AuditLog.for_data_dir(root).append("passphrase_changed" if was_protected else "station_protected", via="cli")
    finally:
        station.close()
    emit({"ok": True, "protected": True})
    return EXIT_OK
