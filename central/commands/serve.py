"""`serve [--host 127.0.0.1] [--port 8765]`: the HTTP API (docs/SYNC_PROTOCOL.md) and the staff console
under uvicorn. Says where it listens, then logs one line per request on stderr (central/access_log.py:
method, path, status, milliseconds, device or user id — never a personal value)."""

from __future__ import annotations

import logging
import sys

NAME = "serve"
HELP = "run the HTTP API (OpenAPI at /openapi.json) and the staff console (/console/)"


def configure(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)


def run(args) -> int:
    import uvicorn

    from central.access_log import LOGGER
    from central.api import create_app
    from central.commands import EXIT_OK

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    app = create_app(args.db)
    host = f"[{args.host}]" if ":" in args.host else args.host
    sys.stderr.write(f"furusato-central: listening on http://{host}:{args.port}/ — "
                     f"staff console http://{host}:{args.port}/console/ , API documents /docs\n")
    sys.stderr.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
