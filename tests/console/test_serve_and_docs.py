"""`furusato-central serve` says where it listens and logs one line per request with no personal
value; /docs renders in a browser that may reach nothing but this central (no CDN)."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest

from tests.central.server import free_port
from tests.console.browser import sign_in
from tests.console.conftest import PASSWORD, csrf_of, populate, seed


def test_serve_logs_one_line_per_request_without_personal_values(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    from central.store.db import open_engine

    engine = open_engine(db_url)
    seed(engine)
    engine.dispose()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "central", "--db", db_url, "serve", "--port", str(port)],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        first = server.stderr.readline()
        assert f"listening on http://127.0.0.1:{port}/" in first and "/console/" in first
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):  # the line comes before uvicorn binds
            try:
                httpx.get(f"{base}/v1/keys", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        with httpx.Client(base_url=base, follow_redirects=False) as http:
            page = http.get("/console/login")
            http.post("/console/login", data={"login": "sapporo-staff", "password": PASSWORD, "csrf": csrf_of(page.text)})
            http.get("/console/people", params={"q": "山田花子 090-1111-2222"})
            http.get("/console/activities/nope")
    finally:
        server.terminate()
        _, rest = server.communicate(timeout=30)
    lines = [line for line in rest.splitlines() if re.search(r" (GET|POST) ", line)]
    assert len(lines) == 5, rest
    assert re.search(r"GET /v1/keys 200 [0-9.]+ms -$", lines[0])
    assert re.search(r"POST /console/login 303 [0-9.]+ms -$", lines[2])
    assert re.search(r"GET /console/people 200 [0-9.]+ms user:\d+$", lines[3])
    assert re.search(r"GET /console/activities/nope 404 [0-9.]+ms user:\d+$", lines[4])
    assert "山田" not in rest and "1111" not in rest and "sapporo-staff" not in rest and PASSWORD not in rest


def test_records_batches_are_logged_with_the_device(console_central):
    import logging

    from central.access_log import LOGGER

    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    handler = Keep()
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    try:
        stations = populate(console_central)
    finally:
        LOGGER.removeHandler(handler)
    device = stations["sapporo"].device_id
    assert any(line.startswith("POST /v1/records 200") and line.endswith(f"device:{device}") for line in seen)
    assert not any("山田" in line for line in seen)


def test_docs_render_offline(sqlite_console, page_factory):
    page = page_factory()
    elsewhere: list[str] = []

    def only_here(route):
        if route.request.url.startswith(sqlite_console.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    page.goto(f"{sqlite_console.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "furusato-central" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-summary-path").count() > 5  # the endpoints are listed
    assert page.goto(f"{sqlite_console.url}/redoc").status == 404  # ReDoc's page would load a CDN badge
    sign_in(page, sqlite_console.url, "sapporo-admin", PASSWORD)
    for path in ("/console/activities", "/console/stations", "/console/records", "/console/settings"):
        page.goto(f"{sqlite_console.url}{path}")
    assert elsewhere == []


@pytest.mark.parametrize("path", ["/console/static/console.css", "/console/static/console.js"])
def test_console_assets_are_served_by_the_central(sqlite_console, path):
    with sqlite_console.client() as http:
        assert http.get(path).status_code == 200
