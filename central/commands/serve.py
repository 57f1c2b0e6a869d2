"""`serve [--host 127.0.0.1] [--port 8765]`: the HTTP API (docs/SYNC_PROTOCOL.md) under uvicorn."""

from __future__ import annotations

NAME = "serve"
HELP = "run the HTTP API (OpenAPI at /openapi.json)"


def configure(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)


def run(args) -> int:
    import uvicorn

    from central.api import create_app
    from central.commands import EXIT_OK

    app = create_app(args.db)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
