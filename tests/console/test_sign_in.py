"""Signing in: Argon2 hashes, throttling, idle and absolute timeouts, disabled users, sign-out, the
`create-user` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import select, update

from central import clock
from central.console import throttle
from central.store.tables import console_sessions, console_sign_in_failures, console_users
from tests.console.conftest import PASSWORD, SAPPORO, csrf_of, post_login


def test_passwords_are_argon2id_hashes(sqlite_console):
    with sqlite_console.engine.connect() as conn:
        hashes = conn.execute(select(console_users.c.password_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert len(set(hashes)) == len(hashes)  # salted


def test_wrong_password_and_unknown_login_get_the_same_answer(sqlite_console):
    with sqlite_console.client() as http:
        wrong = post_login(http, "sapporo-admin", "wrong password!!")
        unknown = post_login(http, "nobody-at-all", "wrong password!!")
    assert wrong.status_code == unknown.status_code == 401
    assert "ログインIDまたはパスワードが違います" in wrong.text and "ログインIDまたはパスワードが違います" in unknown.text
    assert "frr_console=" not in wrong.headers.get("set-cookie", "")


def test_sign_in_is_throttled_per_login_even_with_the_right_password(sqlite_console):
    with sqlite_console.client() as http:
        for _ in range(throttle.MAX_PER_LOGIN):
            assert post_login(http, "sapporo-staff", "wrong password!!").status_code == 401
        blocked = post_login(http, "sapporo-staff", PASSWORD)
        assert blocked.status_code == 429 and "しばらくサインインできません" in blocked.text
        assert post_login(http, "sapporo-admin", PASSWORD).status_code == 303  # other logins are not held up
    with sqlite_console.engine.connect() as conn:
        stored = conn.execute(select(console_sign_in_failures.c.login_hash)).scalars().all()
    assert stored and all("sapporo" not in h for h in stored)  # the typed login is not kept
    with sqlite_console.engine.begin() as conn:  # the window passes
        conn.execute(update(console_sign_in_failures).values(at=clock.iso(clock.now() - throttle.WINDOW - timedelta(1))))
    with sqlite_console.client() as http:
        assert post_login(http, "sapporo-staff", PASSWORD).status_code == 303


def test_sign_in_is_throttled_per_client(sqlite_console):
    with sqlite_console.client() as http:
        for n in range(throttle.MAX_PER_CLIENT):
            post_login(http, f"guess-{n}", "wrong password!!")
        assert post_login(http, "sapporo-admin", PASSWORD).status_code == 429


def test_the_sign_in_form_needs_its_own_token(sqlite_console):
    with sqlite_console.client() as http:
        answer = http.post("/console/login", data={"login": "sapporo-admin", "password": PASSWORD, "csrf": "x"})
        assert answer.status_code == 400 and "有効期限が切れました" in answer.text


def test_idle_session_ends_and_the_next_page_is_the_sign_in(sqlite_console):
    with sqlite_console.sign_in("sapporo-staff") as http:
        assert http.get("/console/activities").status_code == 200
        with sqlite_console.engine.begin() as conn:
            conn.execute(update(console_sessions).values(last_seen_at=clock.iso(clock.now() - timedelta(minutes=16))))
        answer = http.get("/console/activities")
        assert answer.status_code == 303 and answer.headers["location"] == "/console/login"
    with sqlite_console.engine.connect() as conn:
        assert conn.execute(select(console_sessions.c.ended_at)).scalar() is not None


def test_a_session_ends_after_twelve_hours_whatever_happens(sqlite_console):
    with sqlite_console.sign_in("sapporo-staff") as http:
        with sqlite_console.engine.begin() as conn:
            conn.execute(update(console_sessions).values(created_at=clock.iso(clock.now() - timedelta(hours=13))))
        assert http.get("/console/activities").status_code == 303


def test_disabled_user_is_signed_out_and_cannot_sign_in(sqlite_console):
    with sqlite_console.sign_in("sapporo-staff") as staff, sqlite_console.sign_in("sapporo-admin") as admin:
        settings = admin.get("/console/settings").text
        with sqlite_console.engine.connect() as conn:
            staff_id = conn.execute(select(console_users.c.id).where(console_users.c.login == "sapporo-staff")).scalar()
        assert admin.post(f"/console/users/{staff_id}/disable", data={"csrf": csrf_of(settings)}).status_code == 303
        assert staff.get("/console/activities").status_code == 303
    with sqlite_console.client() as http:
        assert post_login(http, "sapporo-staff", PASSWORD).status_code == 401


def test_admin_adds_a_user_who_then_signs_in(sqlite_console):
    with sqlite_console.sign_in("sapporo-admin") as admin:
        csrf = csrf_of(admin.get("/console/settings").text)
        short = admin.post("/console/users", data={"csrf": csrf, "login": "new-staff", "role": "staff",
                                                   "password": "short"})
        assert short.status_code == 400 and "password" in short.text
        made = admin.post("/console/users", data={"csrf": csrf, "login": "New-Staff", "role": "staff",
                                                  "password": "a long enough password"})
        assert made.status_code == 303
        taken = admin.post("/console/users", data={"csrf": csrf, "login": "new-staff", "role": "viewer",
                                                   "password": "a long enough password"})
        assert taken.status_code == 400
    with sqlite_console.sign_in("new-staff", "a long enough password") as http:
        assert "new-staff（職員）" in http.get("/console/activities").text


def test_sign_out_ends_the_session(sqlite_console):
    with sqlite_console.sign_in("sapporo-viewer") as http:
        page = http.get("/console/activities").text
        answer = http.post("/console/logout", data={"csrf": csrf_of(page)})
        assert answer.status_code == 303 and answer.headers["location"].startswith("/console/login")
        assert http.get("/console/activities").status_code == 303


def _cli(db_url: str, *args: str, password: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FURUSATO_CENTRAL_PASSWORD"}
    if password is not None:
        env["FURUSATO_CENTRAL_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "central", "--db", db_url, "create-user", *args],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)


def test_create_user_command(sqlite_console, tmp_path):
    db_url = sqlite_console.running.db_url
    done = _cli(db_url, "--lg", SAPPORO, "--login", "first-admin", "--role", "admin", password="very secret words")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"id": json.loads(done.stdout)["id"], "login": "first-admin", "lg": SAPPORO,
                                       "role": "admin"}
    assert "very secret words" not in done.stdout + done.stderr
    with sqlite_console.sign_in("first-admin", "very secret words") as http:
        assert http.get("/console/settings").status_code == 200
    no_password = _cli(db_url, "--lg", SAPPORO, "--login", "second", "--role", "staff", password=None)
    assert no_password.returncode == 2 and "FURUSATO_CENTRAL_PASSWORD" in no_password.stderr
    for args, field in ((("--lg", "152102", "--login", "x-user", "--role", "staff"), "lg"),
                        (("--lg", SAPPORO, "--login", "first-admin", "--role", "staff"), "login"),
                        (("--lg", SAPPORO, "--login", "bad login!", "--role", "staff"), "login")):
        refused = _cli(db_url, *args, password="very secret words")
        assert refused.returncode == 1 and json.loads(refused.stdout)["field"] == field, refused.stdout
    weak = _cli(db_url, "--lg", SAPPORO, "--login", "weak-one", "--role", "staff", password="short")
    assert weak.returncode == 1 and json.loads(weak.stdout)["field"] == "password"
    bad_role = _cli(db_url, "--lg", SAPPORO, "--login", "x-user", "--role", "root", password="very secret words")
    assert bad_role.returncode == 2


def test_the_sign_in_form_works_without_cookies_but_not_from_another_site(sqlite_console):
    """An independent check may fill the served form with no cookie jar; a foreign page may not post it."""
    with sqlite_console.client() as http:
        token = csrf_of(http.get("/console/login").text)
    with sqlite_console.client() as fresh:  # no cookie from the form's page
        answer = fresh.post("/console/login", data={"login": "sapporo-admin", "password": PASSWORD, "csrf": token})
        assert answer.status_code == 303 and "frr_console=" in answer.headers["set-cookie"]
    with sqlite_console.client() as http:
        foreign = http.post("/console/login", data={"login": "sapporo-admin", "password": PASSWORD, "csrf": token},
                            headers={"Origin": "https://evil.example"})
        assert foreign.status_code == 400
        hidden = http.post("/console/login", data={"login": "sapporo-admin", "password": PASSWORD, "csrf": token},
                           headers={"Origin": "null"})  # a foreign page that hides where it comes from
        assert hidden.status_code == 400
        forged = http.post("/console/login", data={"login": "sapporo-admin", "password": PASSWORD,
                                                   "csrf": token.split(".")[0] + ".0000"})
        assert forged.status_code == 400
        from central import central_secrets
        from central.console import auth_pages

        with sqlite_console.engine.connect() as conn:
            key = central_secrets.named(conn, "console-login/v1")
        old = int(token.split(".")[0]) - (auth_pages.LOGIN_TOKEN_HOURS * 3600 + 60)
        assert auth_pages._signature(key, int(token.split(".")[0])) == token.split(".")[1]  # the key is the one
        assert http.post("/console/login", data={"login": "sapporo-admin", "password": PASSWORD,
                                                 "csrf": f"{old}.{auth_pages._signature(key, old)}"}).status_code == 400
