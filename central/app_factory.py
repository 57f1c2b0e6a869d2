"""The app as uvicorn's workers build it: `uvicorn central.app_factory:app_from_environment --factory`.

`serve --workers N` prepares the database once (migrations, sealing, the first platform key) and
then lets uvicorn start N processes, each of which calls this with the database URL it was given in
FURUSATO_CENTRAL_DB (and finds the master key the way every command does, central/master_key.py).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

ENV_DB = "FURUSATO_CENTRAL_DB"


def app_from_environment() -> FastAPI:
    from central import access_log
    from central.api import create_app

    access_log.to_stderr()
    url = os.environ.get(ENV_DB)
    if not url:
        raise RuntimeError(f"{ENV_DB} is not set: start the workers with `furusato-central --db URL serve --workers N`")
    return create_app(url)
