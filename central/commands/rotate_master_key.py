"""`rotate-master-key [--to-file FILE]`: wrap every key the database keeps (the local governments'
data keys, the platform's card-signing keys, the console's signing keys, the central's secrets)
under a new master key, in one transaction. Personal details are not touched: they stay sealed under their data keys.

With a key file (the default, or FURUSATO_CENTRAL_MASTER_KEY_FILE) and no option, the new key is
added to that file first, everything is rewrapped, then the old key is dropped from the file — a
crash at any point leaves a file that opens everything. `--to-file FILE` puts the new key in FILE
instead (created if absent): then point FURUSATO_CENTRAL_MASTER_KEY_FILE at it. A key from the
environment or a KMS hook needs `--to-file` (or the KMS's own rotation).
"""

from __future__ import annotations

NAME = "rotate-master-key"
HELP = "wrap every key in the database under a new master key"


def configure(parser) -> None:
    parser.add_argument("--to-file", metavar="FILE", help="put the new master key in FILE (made if absent)")


def run(args) -> int:
    from central import master_key, vault
    from central.commands import EXIT_OK, EXIT_USAGE, emit
    from central.store.db import open_engine

    try:
        current = master_key.resolve(args.db)
    except master_key.MasterKeyError as exc:
        emit({"error": str(exc), "field": "master_key"})
        return EXIT_USAGE
    if args.to_file:
        new = master_key.KeyFile.load_or_create(args.to_file)
        if new.key_id == current.key_id:
            emit({"error": f"{args.to_file} holds the master key already in use", "field": "--to-file"})
            return EXIT_USAGE
    elif isinstance(current, master_key.KeyFile):
        new = current.with_new_key()
    else:
        emit({"error": f"the master key comes from {getattr(current, 'source', 'a KMS hook')}: give --to-file FILE "
                       "for the new one (or rotate inside the KMS)", "field": "--to-file"})
        return EXIT_USAGE
    engine = open_engine(args.db, master_key=current)
    try:
        with engine.begin() as conn:
            counts = vault.rewrap(conn, current, new)
    finally:
        engine.dispose()
    out = {"master_key": new.key_id, "previous": current.key_id, "rewrapped": counts}
    if args.to_file:
        out["next"] = f"set {master_key.ENV_FILE}={args.to_file} for every furusato-central command from now on"
    else:
        new.only_active()
        out["file"] = str(new.path)
    emit(out)
    return EXIT_OK
