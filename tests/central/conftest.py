"""A real central for the tests: uvicorn on a free loopback port, in a thread, over a temp SQLite file."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from central import admin, enrollment
from central.api import create_app

LG = "011002"  # 札幌市
OTHER_LG = "012025"  # 函館市


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Central:
    url: str
    db_url: str
    engine: Engine
    http: httpx.Client

    def code(self, lg: str = LG) -> str:
        with self.engine.begin() as conn:
            return enrollment.new_code(conn, lg)["code"]

    def enroll(self, station, lg: str = LG) -> dict:
        answer = self.http.post(
            "/v1/enroll",
            json={"code": self.code(lg), "device_id": station.device_id, "public_jwk": station.public_jwk(),
                  "label": "test"},
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    def send(self, station, records, headers=None) -> list[dict]:
        answer = self.http.post(
            "/v1/records", json={"device_id": station.device_id, "records": records}, headers=headers or {}
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["results"]


def start_server(db_url: str):
    app = create_app(db_url)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}", app.state.engine


@pytest.fixture
def central(tmp_path):
    db_url = f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}"
    server, thread, url, engine = start_server(db_url)
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG, long_stay_days=10)
        admin.upsert_lg(conn, OTHER_LG)
        admin.upsert_activity(conn, id="snow-1", title="雪下ろし", kind="designated_project", venue=LG,
                              start="2026-12-01T08:00", end="2026-12-20T17:00")
        admin.upsert_activity(conn, id="grass-1", title="草刈り", kind="designated_project", venue=LG,
                              start="2026-07-01T08:00", end="2026-07-01T17:00")
    with httpx.Client(base_url=url, timeout=10) as http:
        yield Central(url, db_url, engine, http)
    server.should_exit = True
    thread.join(10)
    engine.dispose()
