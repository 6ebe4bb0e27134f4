"""Hostile input in every field of the problem-report form, in both languages, and in the
office's resolution form: a page every time, never a 500, no NUL stored, no markup run
(issue 24). ``tests/test_reports.py`` has the ordinary odd values (unknown kind, one character
over each length, a short or long token, a forged CSRF token, NUL in the note)."""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from cdd_click.extensions import db
from cdd_click.models import ProblemReport
from tests.admin_helpers import build_site, login
from tests.test_reports import form_of

URL = "/listings/test-coffee/report"
FIELDS = ("kind", "note", "contact", "token", "csrf_token", "website")
HOSTILE = {
    "nul": "\x00",
    "nul inside": "เบอร์\x00ผิด",
    "100k": "ก" * 100_000,
    "markup": '<script>alert(1)</script><img src=x onerror="alert(2)">',
    "formula": '=HYPERLINK("http://x","y")',
    "sql": "' OR 1=1 --",
    "bidi": "\u202e\u0e01\u0e02\u2066x\u2069",
    "crlf": "a\r\nSet-Cookie: x=1\r\n",
    "emoji": "😀" * 50,
    "huge kind": "closed" * 20_000,
    "percent text": "%00%0d%0a%ED%A0%80",
}
# sent as written in the body: not UTF-8 once decoded, a NUL and a surrogate half
RAW = {"invalid utf-8": "%FF%FE%C0%AF", "surrogate": "%ED%A0%80", "encoded nul": "a%00b"}
STAFF_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
PAGE = (303, 400, 413, 422)  # thanks, refused form (Thai page), too large, form with errors


@pytest.fixture
def site(app, content_tree):
    build_site(content_tree)
    app.config["REPORT_RATE_LIMIT"] = "10000 per minute"  # every good report is stored
    return app


def base_data(visitor, url: str) -> dict[str, str]:
    return {**form_of(visitor, url), "kind": "contact", "note": "เบอร์ผิด", "contact": "",
            "website": ""}


def assert_clean() -> None:
    db.session.expire_all()
    for row in db.session.scalars(select(ProblemReport)):
        for value in (row.kind, row.note, row.contact or "", row.token):
            assert "\x00" not in value


def answered(response, where) -> None:
    assert response.status_code in PAGE, (where, response.status_code)
    if response.status_code != 303:
        assert "<html" in response.get_data(as_text=True), where


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_values_in_every_field_get_a_page(site, prefix, name):
    url = prefix + URL
    for field in FIELDS:
        visitor = site.test_client()
        response = visitor.post(url, data={**base_data(visitor, url), field: HOSTILE[name]})
        answered(response, field)
    form = site.test_client().get(url, query_string={"kind": HOSTILE[name]})
    assert form.status_code == 200
    assert "<script>alert" not in form.get_data(as_text=True)
    assert_clean()


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("name", sorted(RAW))
def test_bytes_that_are_not_utf8_in_every_field_get_a_page(site, prefix, name):
    url = prefix + URL
    for field in FIELDS:
        visitor = site.test_client()
        data = {key: value for key, value in base_data(visitor, url).items() if key != field}
        body = f"{urlencode(data)}&{field}={RAW[name]}"
        response = visitor.post(url, data=body,
                                content_type="application/x-www-form-urlencoded")
        answered(response, field)
    assert site.test_client().get(f"{url}?kind={RAW[name]}").status_code == 200
    assert_clean()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_missing_repeated_and_wrongly_typed_fields_get_a_page(site, prefix):
    url = prefix + URL
    for field in FIELDS:  # each field missing
        visitor = site.test_client()
        data = {key: value for key, value in base_data(visitor, url).items() if key != field}
        answered(visitor.post(url, data=data), f"without {field}")
    visitor = site.test_client()
    good = base_data(visitor, url)
    shapes = {
        "repeated": urlencode([*good.items(), ("kind", "closed"), ("token", "x" * 20),
                               ("note", "สอง")]),
        "no values": "&".join(FIELDS),
        "only separators": "&&&===&",
        "empty": "",
    }
    for shape, body in shapes.items():
        answered(visitor.post(url, data=body,
                              content_type="application/x-www-form-urlencoded"), shape)
    for field in FIELDS:  # a file where text belongs
        visitor = site.test_client()
        data = {**base_data(visitor, url)}
        data[field] = (io.BytesIO(b"\x00\xff<svg onload=alert(1)>"), "x.svg")
        answered(visitor.post(url, data=data, content_type="multipart/form-data"),
                 f"file in {field}")
    json = site.test_client().post(url, json=good)
    answered(json, "json")
    assert_clean()


def test_stored_hostile_reports_are_shown_to_staff_as_text(site):
    for name in ("markup", "formula", "bidi", "crlf", "nul inside"):
        visitor = site.test_client()
        response = visitor.post(URL, data={**base_data(visitor, URL), "note": HOSTILE[name],
                                           "contact": HOSTILE[name][:200]})
        assert response.status_code == 303, name
    assert_clean()
    editor = site.test_client()
    login(editor, "cm@cdd.go.th")
    queue = editor.get("/admin/reports").get_data(as_text=True)
    assert "<script>alert(1)" not in queue and "&lt;script&gt;alert(1)" in queue
    assert "onerror=" not in queue.replace("onerror=&#34;", "").replace("onerror=&quot;", "")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_resolutions_get_a_page(site, name):
    visitor = site.test_client()
    assert visitor.post(URL, data=base_data(visitor, URL)).status_code == 303
    report_id = db.session.scalar(select(ProblemReport.id))
    editor = site.test_client()
    login(editor, "cm@cdd.go.th")
    token = STAFF_CSRF.search(editor.get("/admin/reports").get_data(as_text=True)).group(1)
    for data in ({"state": HOSTILE[name], "resolution_note": ""},
                 {"state": "fixed", "resolution_note": HOSTILE[name]},
                 {"state": "not_a_problem", "resolution_note": HOSTILE[name],
                  "csrf_token": HOSTILE[name]}):
        answer = editor.post(f"/admin/reports/{report_id}/resolve",
                             data={"csrf_token": token, **data})
        assert answer.status_code in (303, 400), (data.keys(), answer.status_code)
    for target in ("99999999999999999999999", "0", "-1", "%00"):
        answer = editor.post(f"/admin/reports/{target}/resolve",
                             data={"csrf_token": token, "state": "fixed"})
        assert answer.status_code in (404,), (target, answer.status_code)
    db.session.expire_all()
    row = db.session.get(ProblemReport, report_id)
    assert "\x00" not in (row.resolution_note or "")
