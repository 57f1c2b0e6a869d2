"""The local government's staff console: server-rendered pages under `/console/` (CONTRACTS §5).

`mount(app, engine, write_lock)` adds the pages to the central's FastAPI app. Every page reads and
writes through the signed-in user's area (`scope.py`), so another local government's people are
never selected in the first place; roles decide who may change what (`accounts.py`).
"""

from central.console.app import mount

__all__ = ["mount"]
