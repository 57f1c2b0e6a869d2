"""The central's error answers: `{"error": <code>, "detail": <text>, ..., "server_time"}`.

`SafeJSONResponse` is every JSON answer's class: text that is not UTF-8 (a lone surrogate that got
into a message) is written as a JSON `\\uXXXX` escape instead of failing the answer with a 500.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

from central import clock


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
            "utf-8", "backslashreplace")


def error(status: int, code: str, detail: str = "", **extra: Any) -> SafeJSONResponse:
    return SafeJSONResponse(
        {"error": code, "detail": detail or code, **extra, "server_time": clock.iso()}, status_code=status
    )
