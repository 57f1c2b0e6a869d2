"""Starting the real central (uvicorn in a thread, on a free loopback port) for tests and the bench.

`start_server(db_url)` is the historical tuple form; `RunningCentral` adds TLS (`ssl_keyfile`,
`ssl_certfile`), a log of the requests it served and `stop()`. `database_urls()` yields a SQLite
URL and, when FURUSATO_TEST_PG_URL is set, a PostgreSQL URL confined to a schema of its own.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from central.api import create_app

PG_ENV = "FURUSATO_TEST_PG_URL"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _RequestLog:
    """ASGI wrapper noting (method, path) of every HTTP request the central serves."""

    def __init__(self, app) -> None:
        self.app = app
        self.requests: list[tuple[str, str]] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.requests.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


class RunningCentral:
    """The central on a free loopback port. `start=False` leaves it down until `start()` (a network
    that comes back); `start()` after `stop()` serves again on the same port and database."""

    def __init__(self, db_url: str, *, ssl_keyfile: str | os.PathLike | None = None,
                 ssl_certfile: str | os.PathLike | None = None, start: bool = True) -> None:
        self.db_url = db_url
        self.app = create_app(db_url)
        self.engine: Engine = self.app.state.engine
        self.log = _RequestLog(self.app)
        self.port = free_port()
        self._ssl = (ssl_keyfile, ssl_certfile)
        scheme = "https" if ssl_certfile else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None
        if start:
            self.start()

    def start(self) -> None:
        ssl_keyfile, ssl_certfile = self._ssl
        config = uvicorn.Config(
            self.log, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off",
            ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
            ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    @property
    def requests(self) -> list[tuple[str, str]]:
        return self.log.requests

    def stop(self) -> None:
        """Stop serving (the port refuses connections afterwards); the database stays readable."""
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(10)
            self.server = None

    def close(self) -> None:
        self.stop()
        self.engine.dispose()


def start_server(db_url: str):
    running = RunningCentral(db_url)
    return running.server, running.thread, running.url, running.engine


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{(Path(folder) / 'central.sqlite3').as_posix()}"


@contextlib.contextmanager
def postgres_schema(pg_url: str | None = None) -> Iterator[str]:
    """A URL into a fresh schema of the PostgreSQL database at `pg_url`, dropped afterwards."""
    pg_url = pg_url or os.environ[PG_ENV]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(pg_url)
    with admin_engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin_engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


@contextlib.contextmanager
def database_url(kind: str, folder: Path) -> Iterator[str]:
    """`kind` is "sqlite" or "postgres" (the latter needs FURUSATO_TEST_PG_URL)."""
    if kind == "sqlite":
        yield sqlite_url(folder)
    else:
        with postgres_schema() as url:
            yield url


def backends() -> list:
    """pytest params for a fixture over both databases; postgres skipped without FURUSATO_TEST_PG_URL."""
    import pytest

    return [
        pytest.param("sqlite"),
        pytest.param("postgres", marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set"),
        ]),
    ]
