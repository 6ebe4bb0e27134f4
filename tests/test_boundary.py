"""The input boundary (issue 22): control characters never reach the database, a path has one
spelling, redirects go to SITE_URL, staff pages are never stored, errors keep their headers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import re

import pytest
from sqlalchemy import select

from cdd_click import stats
from cdd_click.config import PROJECT_ROOT
from cdd_click.extensions import db
from cdd_click.models import PageViewDay, SearchWeek, Village
from tests.admin_helpers import build_site, edit_data, login

ODD_PATHS = ["/villages/%00", "/listings/%00", "/articles/%00", "/maps/villages/%00",
             "/villages/ban-test%00", "/en/villages/%01x", "/provinces/%1f50"]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_a_path_with_a_control_character_is_the_thai_404(site_client, path):
    response = site_client.get(path)
    assert response.status_code == 404, path
    assert "ไม่พบ" in response.get_data(as_text=True) or response.request.path.startswith("/en")


def test_query_strings_lose_control_characters_before_any_view(site_client):
    for path, query in (("/articles/", b"category=%00"), ("/search", b"q=x%00"),
                        ("/listings/", b"kind=%00%01"), ("/api/v1/search", b"q=%00"),
                        ("/search", b"q=%ff%fe%00"), ("/villages/", b"page=%00")):
        response = site_client.get(path, environ_overrides={"QUERY_STRING": query.decode()})
        assert response.status_code == 200, (path, query)
        assert "\x00" not in response.get_data(as_text=True)


def test_form_fields_lose_control_characters_before_the_database(app, content_tree):
    build_site(content_tree)
    editor = app.test_client()
    login(editor, "cm@cdd.go.th")
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    url = f"/admin/villages/{village.id}/edit"
    data = edit_data(editor, url, summary="สรุป\x00ใหม่\x07 บรรทัด\r\nสอง\tแท็บ")
    response = editor.post(url, data=data)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]
    db.session.expire_all()
    saved = db.session.get(Village, village.id).summary
    assert saved == "สรุปใหม่ บรรทัด\r\nสอง\tแท็บ"


def _raw(client, path: str, **environ):
    """A request whose raw request line is ``path`` exactly (as gunicorn passes it on)."""
    decoded = path.replace("%61", "a")
    return client.get(decoded, environ_overrides={"RAW_URI": path, "REQUEST_URI": path,
                                                  **environ})


def test_admin_pages_have_one_spelling(app, content_tree):
    build_site(content_tree)
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    assert admin.get("/admin/users/").status_code == 200
    for spelling in ("/%61dmin/users/", "/admin/%75sers/"):
        response = _raw(admin, spelling)
        assert response.status_code == 404, spelling
        assert "admin@cdd.go.th" not in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
    for path in ("//admin/users/", "/en//admin/users/", "/admin//users/"):
        response = admin.get("/", environ_overrides={"PATH_INFO": path, "RAW_URI": path})
        assert response.status_code == 404, path
        assert "admin@cdd.go.th" not in response.get_data(as_text=True)


def test_every_admin_answer_is_no_store(app, content_tree):
    build_site(content_tree)
    admin = app.test_client()
    for path in ("/admin/login", "/admin/nothing-here", "/en/admin/login"):
        assert admin.get(path).headers["Cache-Control"] == "no-store", path
    login(admin, "admin@cdd.go.th")
    for path in ("/admin/", "/admin/users/", "/admin/dashboard/provinces.csv"):
        assert admin.get(path).headers["Cache-Control"] == "no-store", path


def test_router_redirects_go_to_site_url_not_the_host_header(site_client, app):
    response = site_client.get("/villages", headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == app.config["SITE_URL"] + "/villages/"
    assert "evil.example" not in response.headers["Location"]
    assert "max-age=0" in response.headers["Cache-Control"]
    english = site_client.get("/en/villages", headers={"Host": "evil.example",
                                                        "X-Forwarded-Host": "evil.example"})
    assert english.headers["Location"] == app.config["SITE_URL"] + "/en/villages/"


def test_a_method_not_allowed_says_which_are(site_client):
    response = site_client.open("/villages/", method="TRACE")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert "TRACE" not in response.headers["Allow"]


@pytest.mark.filterwarnings("ignore:Column 'page_view_day.slug'")
def test_one_bad_row_does_not_lose_the_statistics_batch(app, content_tree):
    build_site(content_tree)
    stats.flush()
    counters, today = app.extensions["cdd_stats"], dt.date.today()
    week = stats.week_of(today)
    # rows the database refuses, forced in as a bug or a new path might: a missing slug (NOT
    # NULL, both databases) and a NUL (PostgreSQL refuses it in text)
    counters.views[(today, "village", None)] += 1
    counters.searches[(week, "x\x00y")] += 1
    counters.searches[(week, "ผ้าไหม")] += 3
    counters.views[(today, "village", "ban-test")] += 2
    stats.flush()
    kept = {row.query: row.searches for row in db.session.scalars(select(SearchWeek))}
    assert kept.get("ผ้าไหม") == 3, kept
    views = {(v.slug, v.views) for v in db.session.scalars(select(PageViewDay))}
    assert views == {("ban-test", 2)}


PERSONAL = ["081.234.5678", "๐๘๑.๒๓๔.๕๖๗๘", "๐๘๑-๒๓๔-๕๖๗๘", "+66 81 234 5678", "(081) 234-5678",
            "1.2345.67890.12.3", "1-2345-67890-12-3", "3 1005 01234 56 7", "โทร 0812345678",
            "somchai@example.com", "somchai＠example.com", "somchai [at] example dot com",
            "somchai(at)example.com", "สมชาย แอท จีเมล ดอท com"]
KEPT = ["ผ้าไหม", "otop 5 ดาว", "บ้านแม่กำปอง", "โฮมสเตย์ น่าน", "10200", "ปี 2567", "km 12.5",
        "what is otop", "cat house"]


@pytest.mark.parametrize("query", PERSONAL)
def test_personal_looking_queries_are_never_counted(query):
    assert stats.normalise_query(query) is None, query


@pytest.mark.parametrize("query", KEPT)
def test_ordinary_queries_are_counted(query):
    assert stats.normalise_query(query) == " ".join(query.split()).casefold()


def test_control_characters_never_reach_the_statistics(app, content_tree):
    build_site(content_tree)
    stats.flush()
    visitor = app.test_client()
    for raw in (b"q=%ff%fe%00", b"q=%ff%fe", b"q=%00"):
        response = visitor.get("/search", environ_overrides={"QUERY_STRING": raw.decode()})
        assert response.status_code == 200
    stats.flush()
    # werkzeug keeps undecodable bytes as their %-escapes (text, harmless); the NULs are gone
    stored = [row.query for row in db.session.scalars(select(SearchWeek))]
    assert stored == ["%ff%fe"], stored
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    assert admin.get("/admin/dashboard/zero_week.xlsx").status_code == 200


def _gunicorn_conf(monkeypatch, **env):
    for name in ("TRUSTED_PROXIES", "PROXY_FIX"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gconf", PROJECT_ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_believes_forwarded_headers_only_from_trusted_proxies(monkeypatch):
    unset = _gunicorn_conf(monkeypatch)
    assert unset.forwarded_allow_ips == "" and unset.secure_scheme_headers == {}
    trusted = _gunicorn_conf(monkeypatch, TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.1")
    assert trusted.forwarded_allow_ips == "10.0.0.0/8,192.0.2.1"
    assert trusted.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}
    loopback = _gunicorn_conf(monkeypatch, PROXY_FIX="1")
    assert loopback.forwarded_allow_ips == "127.0.0.1,::1"


def test_gunicorn_logs_no_client_address(monkeypatch):
    conf = _gunicorn_conf(monkeypatch)
    for address in ("203.0.113.7", "2001:db8::1", "::1"):
        record = logging.LogRecord("gunicorn.error", logging.WARNING, "", 0,
                                   "Invalid request from ip={ip}: {error}".format(
                                       ip=address, error="Invalid HTTP method"), (), None)
        conf.PrivateLogger._scrub(record)
        assert address not in record.getMessage()
        assert record.getMessage() == "Invalid request from ip=-: Invalid HTTP method"


def test_restoring_a_revision_whose_slug_is_taken_says_so(app, content_tree):
    build_site(content_tree)
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    other = db.session.scalar(select(Village).where(Village.slug == "ban-kalasin"))
    url, other_url = (f"/admin/villages/{v.id}/edit" for v in (village, other))
    assert admin.post(url, data=edit_data(admin, url, slug="ban-renamed")).status_code in (
        302, 303)
    assert admin.post(other_url, data=edit_data(admin, other_url, slug="ban-test")
                      ).status_code in (302, 303)
    history = admin.get(f"/admin/villages/{village.id}/history").get_data(as_text=True)
    restores = re.findall(r'action="(/admin/villages/\d+/restore/\d+)"', history)
    assert restores, history[:500]
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', history).group(1)
    db.session.expire_all()
    version = db.session.get(Village, village.id).version
    response = admin.post(restores[-1], data={"csrf_token": token, "version": version},
                          follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "กู้คืนฉบับนี้ไม่ได้" in page and "“ban-test” เป็นของรายการอื่นแล้ว" in page
    db.session.expire_all()
    assert db.session.get(Village, village.id).slug == "ban-renamed"
