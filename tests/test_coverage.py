"""The coverage dashboard: provinces with and without content, completeness, what people search
for (zero-result queries first) and look at, as aggregates only; every table downloadable."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from cdd_click import stats
from cdd_click.extensions import db
from cdd_click.models import PageViewDay, Province, SearchWeek
from tests.admin_helpers import build_site, login


def test_visits_and_searches_are_counted_as_aggregates_only(app, content_tree):
    build_site(content_tree)
    stats.flush()
    visitor = app.test_client()
    for _ in range(3):
        assert visitor.get("/villages/ban-test").status_code == 200
    visitor.get("/en/villages/ban-test")
    visitor.get("/search?q=xqzvkwpl")
    visitor.get("/api/v1/search?q=กาแฟทดสอบ")
    visitor.get("/search?q=กาแฟทดสอบ&page=2")  # later pages are not searches of their own
    visitor.get("/search?q=โทร 081 234 5678")  # looks personal: not kept
    stats.flush()
    views = db.session.scalars(select(PageViewDay)).all()
    assert [(v.item_type, v.slug, v.views) for v in views] == [("village", "ban-test", 4)]
    counted = {row.query: (row.searches, row.zero_results)
               for row in db.session.scalars(select(SearchWeek))}
    assert counted == {"xqzvkwpl": (1, 1), "กาแฟทดสอบ": (1, 0)}
    columns = {c.name for t in (PageViewDay, SearchWeek) for c in t.__table__.columns}
    assert columns == {"day", "item_type", "slug", "views", "week", "query", "searches",
                       "zero_results"}  # nothing about a visitor


def test_the_dashboard_shows_coverage_searches_and_views_by_scope(app, content_tree):
    build_site(content_tree)
    visitor = app.test_client()
    visitor.get("/villages/ban-test")
    visitor.get("/search?q=zzqxvbnm")
    stats.flush()
    admin, editor = app.test_client(), app.test_client()
    login(admin, "admin@cdd.go.th")
    login(editor, "cm@cdd.go.th")
    page = admin.get("/admin/dashboard").get_data(as_text=True)
    provinces = db.session.scalar(select(func.count()).select_from(Province))
    assert page.count('<th scope="row">') >= provinces
    assert "จังหวัดที่ยังไม่มีข้อมูล (75)" in page  # content in Chiang Mai and Kalasin only
    activity = admin.get("/admin/dashboard/activity").get_data(as_text=True)
    assert "zzqxvbnm" in activity and "บ้านทดสอบ" in activity
    mine = editor.get("/admin/dashboard").get_data(as_text=True)
    assert "เชียงใหม่" in mine and "กาฬสินธุ์" not in mine
    assert "บ้านทดสอบ" in editor.get("/admin/dashboard/activity").get_data(as_text=True)

    csv = admin.get("/admin/dashboard/provinces.csv")
    text = csv.data.decode("utf-8")
    assert csv.mimetype == "text/csv" and text.startswith("\ufeffจังหวัด,ภาค,หมู่บ้าน")
    assert len(text.strip().splitlines()) == provinces + 1
    book = load_workbook(io.BytesIO(admin.get("/admin/dashboard/zero_week.xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][:3] == ("zzqxvbnm", 1, 1)
    assert admin.get("/admin/dashboard/nothing.csv").status_code == 404
    assert app.test_client().get("/admin/dashboard").status_code == 302  # staff only


def test_counts_are_written_in_the_background_when_due(app, content_tree):
    import time

    build_site(content_tree)
    stats.flush()
    app.config["STATS_FLUSH_EVERY"] = 3
    visitor = app.test_client()
    for _ in range(3):
        visitor.get("/villages/ban-test")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        db.session.remove()
        if db.session.scalar(select(func.sum(PageViewDay.views))) == 3:
            break
        time.sleep(0.05)
    assert db.session.scalar(select(func.sum(PageViewDay.views))) == 3


def _map_rows(document: str) -> tuple[list, list]:
    import json
    import re

    found = re.search(r"var rows = (\[.*?\]), bands = (\[.*?\]);", document)
    return json.loads(found.group(1)), json.loads(found.group(2))


def test_the_national_map_colours_each_province_by_how_much_it_holds(app, content_tree):
    from cdd_click.admin.coverage import BANDS, band
    from cdd_click.config import DEFAULT_CENTROIDS  # shipped in cdd_click/data/
    from cdd_click.geography import load_centroids

    assert [band(n) for n in (0, 1, 9, 10, 99, 100, 5000)] == [0, 1, 1, 2, 2, 3, 3]
    build_site(content_tree)
    admin, editor = app.test_client(), app.test_client()
    login(admin, "admin@cdd.go.th")
    login(editor, "cm@cdd.go.th")
    page = admin.get("/admin/dashboard").get_data(as_text=True)
    assert 'src="/admin/dashboard/map"' in page
    assert "ยังไม่ได้โหลดจุดกลางตำบล" in page  # the empty provinces cannot be drawn yet

    # without tambon centroids, a province is drawn where its villages are
    rows, bands = _map_rows(admin.get("/admin/dashboard/map").get_data(as_text=True))
    assert [b[0] for b in bands] == [colour for _least, colour, _label in BANDS]
    assert {r[2] for r in rows} == {"เชียงใหม่", "กาฬสินธุ์"}

    load_centroids(DEFAULT_CENTROIDS)
    db.session.commit()
    response = admin.get("/admin/dashboard/map")
    assert "no-store" in response.headers["Cache-Control"]
    assert "sha256-" in response.headers["Content-Security-Policy"]
    rows, _bands = _map_rows(response.get_data(as_text=True))
    assert "ยังไม่ได้โหลดจุดกลางตำบล" not in admin.get("/admin/dashboard").get_data(as_text=True)
    by_name = {r[2]: r for r in rows}
    assert len(rows) == 77
    assert sum(1 for r in rows if r[4] == 0) == 75  # the empty provinces stand out
    chiang_mai = by_name["เชียงใหม่"]
    counted = admin.get("/admin/dashboard/provinces.csv").data.decode("utf-8-sig").splitlines()
    cm = next(line.split(",") for line in counted if line.startswith("เชียงใหม่,"))
    assert chiang_mai[4] == band(int(cm[2]) + int(cm[3])) > 0
    assert 18.0 < chiang_mai[0] < 20.2 and 97.3 < chiang_mai[1] < 99.6
    assert chiang_mai[5] == "/admin/listings/?province=50"
    assert any(line.startswith("หมู่บ้าน ") for line in chiang_mai[3])

    mine, _bands = _map_rows(editor.get("/admin/dashboard/map").get_data(as_text=True))
    assert [r[2] for r in mine] == ["เชียงใหม่"]
    assert app.test_client().get("/admin/dashboard/map").status_code == 302
