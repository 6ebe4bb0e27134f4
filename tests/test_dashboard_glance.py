"""The dashboard at a glance (issue 23): headline figures that agree with the database, tables
with totals and the weakest provinces first, cards a phone can read, and visit counts that are
current within seconds."""

from __future__ import annotations

import re
import time

from sqlalchemy import func, select

from cdd_click import completeness, stats
from cdd_click.collation import thai_sorted
from cdd_click.extensions import db
from cdd_click.models import Listing, PageViewDay, Province, Status, Village
from tests.admin_helpers import build_site, login


def _site(content_tree) -> None:
    """Chiang Mai: a village, a published and a draft listing; Kalasin: a village without
    English; every other province empty."""
    content_tree.village("ban-en", title="บ้านอังกฤษ", title_en="Ban En",
                         summary_en="An English summary", subdistrict='"502304"')
    content_tree.listing("draft-coffee", title="กาแฟร่าง", status="draft")
    build_site(content_tree)


def _figures(page: str) -> dict[str, str]:
    """Each headline figure by its label."""
    found = re.findall(r"<dt>([^<]+)</dt><dd><strong>(?:<a [^>]+>)?([^<]+)", page)
    return {label: value for label, value in found}


def _expected() -> dict[str, str]:
    """The headline computed from the database item by item (the Python twins)."""
    items = [*db.session.scalars(select(Village)), *db.session.scalars(select(Listing))]
    published = [i for i in items if i.status == Status.PUBLISHED]
    covered = {i.subdistrict_code[:2] if isinstance(i, Village) else
               i.village.subdistrict_code[:2] for i in published}
    average = round(sum(completeness.score(i) for i in items) / len(items))
    return {"จังหวัดที่มีข้อมูลเผยแพร่": str(len(covered)),
            "หมู่บ้าน สินค้าและที่เที่ยวที่เผยแพร่": str(len(published)),
            "ความครบถ้วนเฉลี่ย": f"{average}%",
            "รายการที่ยังขาดข้อมูล": str(sum(1 for i in items if completeness.missing(i)))}


def test_the_headline_agrees_with_the_database(app, content_tree):
    _site(content_tree)
    admin, editor = app.test_client(), app.test_client()
    login(admin, "admin@cdd.go.th")
    login(editor, "ks@cdd.go.th")
    expected = _expected()
    assert expected["หมู่บ้าน สินค้าและที่เที่ยวที่เผยแพร่"] == "4"  # the draft is not counted
    for url in ("/admin/dashboard", "/admin/"):
        page = admin.get(url).get_data(as_text=True)
        assert _figures(page) == expected, url
    provinces = db.session.scalar(select(func.count()).select_from(Province))
    assert f"จาก {provinces} จังหวัด" in page and provinces == 77
    kalasin = _figures(editor.get("/admin/dashboard").get_data(as_text=True))
    assert kalasin["จังหวัดที่มีข้อมูลเผยแพร่"] == "1"
    assert kalasin["หมู่บ้าน สินค้าและที่เที่ยวที่เผยแพร่"] == "1"
    assert "จาก 1 จังหวัด" in editor.get("/admin/").get_data(as_text=True)


def _province_rows(page: str) -> list[list[str]]:
    table = page.split('<tbody>', 1)[1].split('</tbody>', 1)[0]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in table.split("</tr>")
            if "<th" in row]


def test_provinces_weakest_first_with_a_totals_row(app, content_tree):
    _site(content_tree)
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    page = admin.get("/admin/dashboard").get_data(as_text=True)
    rows = _province_rows(page)
    assert len(rows) == 77
    items = [int(row[2]) + int(row[3]) for row in rows]
    assert items == sorted(items) and items[0] == 0
    assert [row[0] for row in rows[-2:]] == ["กาฬสินธุ์", "เชียงใหม่"]  # 1 item, then 4
    empty = [row[0] for row in rows if not int(row[2]) + int(row[3])]
    assert empty == thai_sorted(empty, key=str) and empty[0] == "กระบี่"  # Thai order among equals
    totals = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>",
                        page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0])
    assert totals[0] == "รวม 77 จังหวัด"
    assert int(totals[2]) == db.session.scalar(select(func.count()).select_from(Village)) == 3
    assert int(totals[3]) == db.session.scalar(select(func.count()).select_from(Listing)) == 2
    assert totals[-1] == "1"  # the one draft
    # each cell names its column for the phone's cards; script makes the headers sort buttons
    assert 'data-sortable' in page and 'data-label="หมู่บ้าน"' in page
    assert "js/tables.js" in page
    csv = admin.get("/admin/dashboard/provinces.csv").data.decode("utf-8")
    assert len(csv.strip().splitlines()) == 78  # downloads hold the rows only


def test_the_activity_tables_have_totals(app, content_tree):
    _site(content_tree)
    visitor, admin = app.test_client(), app.test_client()
    for query in ("ไม่มีแน่นอน", "ไม่มีแน่นอน", "กาแฟ"):
        visitor.get(f"/search?q={query}")
    login(admin, "admin@cdd.go.th")
    page = admin.get("/admin/dashboard/activity").get_data(as_text=True)
    assert "รวมทั้งสัปดาห์ 2 คำค้น" in page and "รวมทั้งสัปดาห์ 1 คำค้น" in page


def test_a_fresh_view_shows_at_once_on_the_staff_pages(app, content_tree):
    _site(content_tree)
    app.config["STATS_FLUSH_SECONDS"] = 3600  # no timer: the page itself must write the counts
    visitor, admin = app.test_client(), app.test_client()
    login(admin, "admin@cdd.go.th")
    visitor.get("/villages/ban-kalasin")
    page = admin.get("/admin/dashboard/activity").get_data(as_text=True)
    views = page.split("หน้าที่มีผู้เข้าชมมากที่สุด", 1)[1]
    assert "บ้านกาฬสินธุ์ทดสอบ" in views
    for _ in range(10):
        visitor.get("/villages/ban-en")
    todo = admin.get("/admin/todo?kind=villages").get_data(as_text=True)
    first = re.search(r'<tbody>\s*<tr><td><a [^>]+>([^<]+)</a></td>\s*<td[^>]*>(\d+)', todo)
    assert first.groups() == ("บ้านอังกฤษ", "10")  # the most viewed lacking item first


def test_a_quiet_site_writes_its_counts_within_seconds(app, content_tree):
    _site(content_tree)
    stats.flush()
    app.config["STATS_FLUSH_SECONDS"] = 0.3
    app.test_client().get("/villages/ban-test")  # one visit, then nobody
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        db.session.remove()
        if db.session.scalar(select(func.sum(PageViewDay.views))) == 1:
            break
        time.sleep(0.05)
    assert db.session.scalar(select(func.sum(PageViewDay.views))) == 1


def test_the_flush_interval_is_a_setting_of_five_seconds_by_default(tmp_path, monkeypatch):
    from cdd_click.config import settings

    monkeypatch.delenv("STATS_FLUSH_SECONDS", raising=False)
    assert settings(tmp_path, {"SECRET_KEY": "x"})["STATS_FLUSH_SECONDS"] == 5
    monkeypatch.setenv("STATS_FLUSH_SECONDS", "2.5")
    assert settings(tmp_path, {"SECRET_KEY": "x"})["STATS_FLUSH_SECONDS"] == 2.5


def test_the_home_page_headline_is_computed_once_per_interval(app, content_tree, monkeypatch):
    from cdd_click.admin import coverage

    _site(content_tree)
    admin, second = app.test_client(), app.test_client()
    login(admin, "admin@cdd.go.th")
    login(second, "admin@cdd.go.th")
    calls = []
    real = coverage.provinces
    monkeypatch.setattr(coverage, "provinces", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = admin.get("/admin/").get_data(as_text=True)
    assert "ตัวเลข ณ เวลา" in first
    assert _figures(second.get("/admin/").get_data(as_text=True)) == _figures(first)
    assert len(calls) == 1  # two admins, one national aggregate
    admin.get("/admin/dashboard")
    assert len(calls) == 2  # the dashboard is always current
    app.config["HEADLINE_CACHE_SECONDS"] = 0
    admin.get("/admin/")
    assert len(calls) == 3
