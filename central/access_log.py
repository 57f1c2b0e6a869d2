"""One log line per HTTP request: method, path, status, milliseconds and who asked — a device id
or a console user id, never a personal value. The query string is never logged (a console search
carries what was typed); paths hold ids and codes only.
"""

from __future__ import annotations

import logging
import time

LOGGER = logging.getLogger("central.access")


class AccessLog:
    """ASGI middleware. Endpoints name who asked in `scope["state"]["who"]` (`request.state.who`)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def sending(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            who = (scope.get("state") or {}).get("who") or "-"
            LOGGER.info("%s %s %d %.1fms %s", scope["method"], scope["path"], status["code"],
                        (time.perf_counter() - started) * 1000, who)


def to_stderr() -> None:
    """Send the access log to stderr (what `serve` does in its process and in every worker's)."""
    import sys

    if any(getattr(h, "_furusato_access", False) for h in LOGGER.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    handler._furusato_access = True
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
