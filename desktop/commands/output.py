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
