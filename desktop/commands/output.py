"""How sub-commands speak: JSON on stdout, exit 0 done, 1 refused input, 2 usage error."""

from __future__ import annotations

import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


def emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def usage_error(message: str) -> int:
    sys.stderr.write(f"furusato-field: error: {message}\n")
    return EXIT_USAGE


def json_error(message: str, field: str | None = None, *, code: int = EXIT_USAGE) -> int:
    """A problem with an input file or option: `{"error", "field"}` on stdout (and the message on
    stderr for a person at the terminal), exit `code` (2 for a usage error, 1 for a refused input)."""
    emit({"error": message, "field": field})
    sys.stderr.write(f"furusato-field: error: {message}\n")
    return code
