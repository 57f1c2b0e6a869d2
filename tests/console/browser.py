"""Driving the console in a real browser: Debian's chromium through Playwright (`executable_path`;
Playwright's own browser download is never used). Skips with the reason when either is missing."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ENV = "FURUSATO_CHROMIUM"


def chromium_path() -> str | None:
    named = os.environ.get(CHROMIUM_ENV)
    for candidate in ([named] if named else []) + ["/usr/bin/chromium", shutil.which("chromium") or "",
                                                    shutil.which("chromium-browser") or ""]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    path = chromium_path()
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=["--lang=ja-JP"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page_factory(browser):
    """New isolated browser sessions (own cookies) at 1366×768, in Japanese."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ja-JP",
                                      accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, url: str, login: str, password: str) -> None:
    page.goto(f"{url}/console/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
