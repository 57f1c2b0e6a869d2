"""`serve [--host 127.0.0.1] [--port 8765] [--workers N]`: the HTTP API (docs/SYNC_PROTOCOL.md) and the
staff console under uvicorn. Says where it listens, then logs one line per request on stderr
(central/access_log.py: method, path, status, milliseconds, device or user id — never a personal value).

With several workers uvicorn runs that many processes on one socket, each building the app from
`central.app_factory` (all of them share the database: PostgreSQL for real concurrency; on SQLite
writes still take turns). The database is migrated and sealed once, before the workers start.
"""

from __future__ import annotations

NAME = "serve"
HELP = "run the HTTP API (OpenAPI at /openapi.json) and the staff console (/console/)"


def configure(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="worker processes (default 1; use the number of cores on PostgreSQL)")
    parser.add_argument("--limit-concurrency", type=int, default=64, metavar="N",
                        help="requests handled at once per worker before answering 503 (bounds memory: "
                             "each may hold a body up to its limit)")


def run(args) -> int:
    import os
    import sys

    import uvicorn

    from central import access_log, master_key, platform_keys
    from central.commands import EXIT_OK, EXIT_USAGE, usage_error
    from central.store.db import open_engine
    from central.vault import VaultError

    if args.workers < 1 or args.limit_concurrency < 1:
        return usage_error("--workers and --limit-concurrency must be at least 1")
    try:
        key = master_key.resolve(args.db)
        engine = open_engine(args.db, master_key=key)
        with engine.begin() as conn:
            platform_keys.active_key(conn)  # made once here, not by several workers at the same moment
        engine.dispose()
    except (master_key.MasterKeyError, VaultError) as exc:
        sys.stderr.write(f"furusato-central: error: {exc}\n")
        return EXIT_USAGE
    access_log.to_stderr()
    common = {"host": args.host, "port": args.port, "log_level": "warning",
              "limit_concurrency": args.limit_concurrency}
    host = f"[{args.host}]" if ":" in args.host else args.host
    workers = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    sys.stderr.write(f"furusato-central: listening on http://{host}:{args.port}/ ({workers}) — "
                     f"staff console http://{host}:{args.port}/console/ , API documents /docs\n")
    if isinstance(key, master_key.KeyFile) and key.path == master_key.default_file(args.db) \
            and not os.environ.get(master_key.ENV_FILE):
        sys.stderr.write(f"furusato-central: warning: the master key is the default file {key.path}, "
                         "beside the database: a copy of both opens everything (docs/SECURITY.md)\n")
    sys.stderr.flush()
    if args.workers == 1:
        from central.api import create_app

        uvicorn.run(create_app(args.db), **common)
    else:
        from central.app_factory import ENV_DB

        os.environ[ENV_DB] = args.db
        uvicorn.run("central.app_factory:app_from_environment", factory=True, workers=args.workers, **common)
    return EXIT_OK
