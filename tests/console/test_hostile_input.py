"""Hostile input at every door the console opens: oversized, malformed and strange values get a clear
refusal (400/401/404), never a server error, and change nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from central.console import texts
from central.store.tables import activities, local_governments
from tests.console.conftest import csrf_of, post_login

ACTIVITY = {"title": "草刈り", "kind": "designated_project", "venue": "011002", "start": "2026-08-01T09:00",
            "end": "2026-08-01T12:00", "place": "", "content": ""}


def activity_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(activities)).scalar()


def test_sign_in_with_huge_or_strange_values(sqlite_console):
    with sqlite_console.client() as http:
        for login, password in (("a" * 100_000, "b" * 100_000), ("\u0000admin", "x"), ("sapporo-admin", ""),
                                ("ｓａｐｐｏｒｏ－ａｄｍｉｎ", "wrong password!!")):
            answer = post_login(http, login, password)
            assert answer.status_code in (400, 401), (login[:20], answer.status_code)
        raw = http.post("/console/login", content=b"login=%ED%A0%80&password=%FF%FE&csrf=x",
                        headers={"content-type": "application/x-www-form-urlencoded"})
        assert raw.status_code == 400


def test_activity_form_refuses_bad_values_with_the_field_named(sqlite_console):
    before = activity_count(sqlite_console.engine)
    cases = [({"title": "x" * 10_000}, "title"), ({"title": ""}, "title"), ({"start": "not a date"}, "start"),
             ({"end": "2026-07-01T09:00"}, "end"), ({"kind": "bribery"}, "kind"), ({"venue": "131016"}, "venue"),
             ({"venue": "999999"}, "venue"), ({"title": "行\u0007"}, "title"), ({"start": "9999-99-99T99:99"}, "start")]
    with sqlite_console.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/activities/new").text)
        for change, field in cases:
            answer = http.post("/console/activities", data={**ACTIVITY, **change, "csrf": csrf})
            assert answer.status_code == 400, (change, answer.status_code)
            alert = answer.text.split('role="alert">')[1].split("</p>")[0]
            assert texts.FIELD_NAMES[field][0] in alert, (change, alert)
        raw = http.post("/console/activities", content=f"csrf={csrf}&title=%ED%A0%80&kind=designated_project"
                        "&venue=011002&start=2026-08-01T09:00&end=2026-08-01T12:00".encode(),
                        headers={"content-type": "application/x-www-form-urlencoded"})
        # invalid UTF-8 arrives as U+FFFD (the form decoder replaces it): stored as that, nothing breaks
        assert raw.status_code == 303
    assert activity_count(sqlite_console.engine) == before + 1
    with sqlite_console.engine.connect() as conn:
        assert conn.execute(select(activities.c.title).where(activities.c.id.like("c-%"))).scalar() == "\ufffd" * 3


def test_strange_paths_and_queries(sqlite_console):
    with sqlite_console.sign_in("sapporo-viewer") as http:
        for path in ("/console/activities/%00", "/console/activities/..%2F..%2Fetc", "/console/people/%FF%FE",
                     "/console/people/" + "x" * 5000, "/console/activities/" + "%F0%9F%98%80" * 100):
            assert http.get(path).status_code == 404, path
        assert http.get("/console/activities", params={"q": "\ud800".encode("utf-8", "surrogatepass")
                                                         .decode("latin-1")}).status_code == 200
        assert http.get("/console/activities", params={"when": "<script>"}).status_code == 200
        assert "<script>" not in http.get("/console/activities", params={"q": "<script>alert(1)</script>"}).text
        assert http.get("/console/people", params={"q": "y" * 201}).status_code == 422


def test_settings_refuse_what_the_rules_forbid(sqlite_console):
    with sqlite_console.sign_in("sapporo-admin") as http:
        csrf = csrf_of(http.get("/console/settings").text)
        for required, long_stay in (("2", ""), ("abc", ""), ("3", "0"), ("99999999999999999999", ""), ("3", "x")):
            answer = http.post("/console/settings", data={"csrf": csrf, "required": required,
                                                          "long_stay_days": long_stay})
            assert answer.status_code == 400, (required, long_stay)
        ok = http.post("/console/settings", data={"csrf": csrf, "required": "4", "long_stay_days": "12",
                                                  "consecutive_each": "on"})
        assert ok.status_code == 303
    with sqlite_console.engine.connect() as conn:
        row = conn.execute(select(local_governments).where(local_governments.c.code == "011002")).one()
    assert (row.required, row.long_stay_days, row.consecutive_days_each_count, row.auto_approve) == (4, 12, True, False)


def test_bodies_larger_than_a_form_are_refused_before_reading(sqlite_console):
    from central.console import pre_system, web

    with sqlite_console.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/activities/new").text)
        big = http.post("/console/activities", data={**ACTIVITY, "csrf": csrf,
                                                     "content": "x" * (web.FORM_MAX_BYTES + 10)})
        assert big.status_code == 413 and "大きすぎます" in big.text
        huge_list = http.post("/console/records/upload", data={"csrf": csrf, "kind": "designated_project"},
                              files={"file": ("big.csv", b"a" * (pre_system.UPLOAD_MAX_BYTES + 200_000))})
        assert huge_list.status_code == 413
        larger_than_a_form = "氏名,電話番号\r\n".encode() + b"a,b\r\n" * (web.FORM_MAX_BYTES // 5)
        fits = http.post("/console/records/upload", data={"csrf": csrf, "kind": "designated_project"},
                         files={"file": ("big.csv", larger_than_a_form)})
        assert fits.status_code == 400 and "必要な列がありません" in fits.text  # read, then refused for what it is
