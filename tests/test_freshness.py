"""Freshness, sources and approximate places told honestly (issue 24, points 5 and 6): pages
say when staff last confirmed an item (never the load date) or that nobody has; sources are
links; an approximate point says so, and its directions links say where they lead."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import pytest
import yaml
from sqlalchemy import select

from cdd_click import freshness, seo, sources
from cdd_click.content import ContentInvalid, importer, load_content, sheets
from cdd_click.content.export import export_content
from cdd_click.content.sheet_export import write_workbook
from cdd_click.extensions import db
from cdd_click.i18n import format_thai_date
from cdd_click.models import Listing, Revision, Subdistrict, Village
from tests.admin_helpers import build_site, edit_data, ids, login, token

TAT = "https://www.tourismthailand.org/Attraction/ban-mae-kampong"
SOURCES = f'[{{title: "การท่องเที่ยวแห่งประเทศไทย", url: "{TAT}"}}]'


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _confirm(client, kind: str, item_id: int, version) -> object:
    return client.post(f"/admin/{kind}/{item_id}/checked", data={
        "csrf_token": token(client, f"/admin/{kind}/{item_id}/edit"), "version": str(version)})


# -- checked_on ----------------------------------------------------------------------------------

def test_today_is_the_date_in_thailand():
    # 20:00 UTC on 5 December is 03:00 on 6 December in Bangkok
    assert freshness.today(dt.datetime(2026, 12, 5, 20, 0, tzinfo=dt.UTC)) == dt.date(2026, 12, 6)
    assert freshness.today(dt.datetime(2026, 12, 5, 16, 59, tzinfo=dt.UTC)) == dt.date(2026, 12, 5)
    now = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)
    assert freshness.is_fresh(dt.date(2025, 12, 5), now)
    assert not freshness.is_fresh(dt.date(2025, 12, 4), now)
    assert not freshness.is_fresh(None, now)


def test_the_confirm_button_sets_today_from_the_loaded_version_with_a_revision(app, content_tree):
    staff = build_site(content_tree)
    found = ids()
    editor = app.test_client()
    login(editor, staff["editor"])
    edit = _page(editor, f"/admin/villages/{found['village']}/edit")
    assert "ยืนยันว่าข้อมูลยังถูกต้อง" in edit and "ยังไม่เคยมีเจ้าหน้าที่ยืนยัน" in edit
    village = db.session.get(Village, found["village"])
    version = village.version
    # a version older than the stored one: refused, nothing written
    response = _confirm(editor, "villages", village.id, version - 1 if version > 1 else 99)
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Village, found["village"]).checked_on is None
    response = _confirm(editor, "villages", village.id, version)
    assert response.status_code == 303
    db.session.expire_all()
    village = db.session.get(Village, found["village"])
    assert village.checked_on == freshness.today() and village.version == version + 1
    revision = db.session.scalar(select(Revision).where(
        Revision.item_type == "village", Revision.item_id == village.id)
        .order_by(Revision.id.desc()).limit(1))
    assert revision.action == "checked" and revision.before["checked_on"] is None
    assert revision.after["checked_on"] == freshness.today().isoformat()
    assert revision.user_id == found["user"]
    edit = _page(editor, f"/admin/villages/{village.id}/edit")
    assert "ตรวจสอบล่าสุด" in edit and "ยังไม่เคยมีเจ้าหน้าที่ยืนยัน" not in edit
    history = _page(editor, f"/admin/villages/{village.id}/history")
    assert "ยืนยันว่าข้อมูลยังถูกต้อง · cm@cdd.go.th" in history
    # the page shows it at once (the page cache follows the write)
    assert f'datetime="{freshness.today().isoformat()}"' in _page(editor, "/villages/ban-test")


def test_the_confirm_button_is_refused_outside_the_editors_provinces_and_without_csrf(
        app, content_tree):
    staff = build_site(content_tree)
    found = ids()
    other = app.test_client()
    login(other, staff["other"])  # Kalasin's editor; the village is in Chiang Mai
    response = other.post(f"/admin/villages/{found['village']}/checked", data={
        "csrf_token": token(other, "/admin/"), "version": "1"})
    assert response.status_code == 403
    editor = app.test_client()
    login(editor, staff["editor"])
    response = editor.post(f"/admin/listings/{found['listing']}/checked", data={"version": "1"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Village, found["village"]).checked_on is None
    assert db.session.get(Listing, found["listing"]).checked_on is None


def test_pages_show_the_check_date_in_both_languages_never_the_load_date(app, content_tree):
    content_tree.village(checked_on="2026-01-05", title_en="Ban Test")
    content_tree.listing()  # never checked
    load_content(content_tree.root)
    client = app.test_client()
    loaded = db.session.scalar(select(Village)).updated_at  # the load date: never shown
    for url, checked, never, locale in (
            ("/villages/ban-test", "ตรวจสอบล่าสุด 5 มกราคม 2569", None, "th"),
            ("/en/villages/ban-test", "Last checked 5 January 2026", None, "en"),
            ("/listings/test-coffee", None, "ยังไม่มีการตรวจสอบข้อมูลโดยเจ้าหน้าที่", "th"),
            ("/en/listings/test-coffee", None, "Not yet checked by staff", "en")):
        page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", _page(client, url)))
        if checked:
            assert checked in page, url
        if never:
            assert never in page and "Last checked" not in page and "ตรวจสอบล่าสุด" not in page
        assert "ปรับปรุงข้อมูลล่าสุด" not in page and "Last updated" not in page
        assert format_thai_date(loaded, locale) not in page, url


def test_checked_on_survives_the_content_export_and_the_sheet_round_trip(app, content_tree,
                                                                          tmp_path):
    content_tree.village(checked_on="2026-01-05", sources=SOURCES)
    content_tree.listing(checked_on="2025-11-30")
    content_tree.article(sources=SOURCES)
    load_content(content_tree.root)
    export_content(tmp_path / "out")
    village_text = (tmp_path / "out" / "villages" / "ban-test.md").read_text()
    front = yaml.safe_load(village_text.split("---")[1])
    assert front["checked_on"] == dt.date(2026, 1, 5)
    assert front["sources"] == [{"title": "การท่องเที่ยวแห่งประเทศไทย", "url": TAT}]
    article = yaml.safe_load((tmp_path / "out" / "articles" / "test-article.md")
                             .read_text().split("---")[1])
    assert article["sources"][0]["url"] == TAT and "checked_on" not in article
    assert load_content(tmp_path / "out").changed == 0  # the export loads back as it was
    db.session.expire_all()
    village = db.session.scalar(select(Village))
    assert village.checked_on == dt.date(2026, 1, 5) and village.sources[0]["url"] == TAT
    # the spreadsheet: written as a Thai date, read back unchanged
    out = io.BytesIO()
    write_workbook(out)
    book = sheets.read_workbook("export.xlsx", out.getvalue())
    rows = {values["ชื่อลิงก์ (slug)"]: values for sheet in book.sheets
            for _, values in sheet.rows if sheet.name != "คำอธิบาย"}
    assert rows["ban-test"]["ตรวจสอบล่าสุด"] == "5 มกราคม 2569"
    assert rows["ban-test"]["ที่มาของข้อมูล"] == f"การท่องเที่ยวแห่งประเทศไทย | {TAT}"
    plan = importer.plan_import(sheets.read_workbook("export.xlsx", out.getvalue()))
    assert plan.ok and {row.action for row in plan.iter_rows()} == {"unchanged"}


def test_a_content_file_may_not_invent_a_future_check_or_an_insecure_source(app, content_tree):
    for fields, reason in (
            ({"checked_on": (dt.date.today() + dt.timedelta(days=30)).isoformat()}, "future"),
            ({"sources": '[{title: "เว็บไซต์", url: "http://example.com/page"}]'}, "https://"),
            ({"sources": '[{title: "", url: "https://example.com/page"}]'}, "ชื่อแหล่งที่มา")):
        content_tree.village(**fields)
        with pytest.raises(ContentInvalid) as refused:
            load_content(content_tree.root)
        assert reason in " ".join(map(str, refused.value.errors)), fields
    assert db.session.scalar(select(Village)) is None


# -- sources ---------------------------------------------------------------------------------------

def test_sources_are_parsed_one_a_line_and_refused_with_the_reason():
    assert sources.parse_lines(f"ททท. | {TAT}\n\n  กรมการพัฒนาชุมชน | https://www.cdd.go.th/ ") == [
        {"title": "ททท.", "url": TAT},
        {"title": "กรมการพัฒนาชุมชน", "url": "https://www.cdd.go.th/"}]
    for text, reason in ((TAT, "บรรทัดที่ 1: เขียนเป็น"),
                         ("ททท. | http://www.tourismthailand.org/", "https://"),
                         ("ททท. | javascript:alert(1)", "https://"),
                         (f"ok | {TAT}\n | {TAT}", "บรรทัดที่ 2: ต้องมีชื่อแหล่งที่มา"),
                         ("\n".join(f"s{n} | {TAT}" for n in range(11)), "ไม่เกิน 10")):
        with pytest.raises(sources.SourceError, match=re.escape(reason)):
            sources.parse_lines(text)
    # a stored row is shown only as far as it is well formed
    assert sources.shown([{"title": "x", "url": "javascript:alert(1)"}, "junk",
                          {"title": "ททท.", "url": TAT}]) == [{"title": "ททท.", "url": TAT}]


def test_the_edit_form_saves_sources_and_says_what_is_wrong(app, content_tree):
    staff = build_site(content_tree)
    found = ids()
    editor = app.test_client()
    login(editor, staff["editor"])
    url = f"/admin/listings/{found['listing']}/edit"
    response = editor.post(url, data=edit_data(editor, url, sources="ททท. | http://x.example/a"))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "ลิงก์ต้องขึ้นต้นด้วย https://" in page
    assert db.session.get(Listing, found["listing"]).sources == []
    response = editor.post(url, data=edit_data(editor, url, sources=f"ททท. | {TAT}"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Listing, found["listing"]).sources == [{"title": "ททท.", "url": TAT}]
    assert f"ททท. | {TAT}" in _page(editor, url)  # shown again one a line
    public = editor.get("/listings/test-coffee").get_data(as_text=True)
    assert f'<a href="{TAT}" rel="nofollow noopener">ททท.</a>' in public and "ที่มา" in public
    english = editor.get("/en/listings/test-coffee").get_data(as_text=True)
    assert ">Sources<" in english


# -- approximate places ---------------------------------------------------------------------------

def _tambon(code: str = "502304") -> Subdistrict:
    return db.session.get(Subdistrict, code)


def test_a_tambon_centre_and_a_village_point_say_so_and_where_directions_lead(app, content_tree):
    content_tree.village(location_approximate="true", title_en="Ban Test")
    content_tree.village("ban-exact", title="บ้านแน่นอน", title_en="Ban Exact", lat=18.87,
                         lon=99.36)
    walk = {"kind": "attraction", "category": None, "otop_stars": None}  # places get a map
    content_tree.listing("test-walk", title="เดินป่า", **walk)  # no pin: a tambon centre
    content_tree.listing("exact-walk", title="เดินป่าบ้านแน่นอน", village="ban-exact", **walk)
    content_tree.listing("pinned-walk", title="เดินป่ามีพิกัด", village="ban-exact", lat=18.871,
                         lon=99.361, **walk)
    load_content(content_tree.root)
    tambon = _tambon()
    client = app.test_client()
    cases = (
        ("/villages/ban-test", f"นำทางไปยังจุดกลางตำบล{tambon.name_th} ด้วย Google Maps (โดยประมาณ)",
         f"ตำแหน่งโดยประมาณ: จุดกลางตำบล{tambon.name_th}"),
        ("/en/villages/ban-test",
         f"Directions to the centre of tambon {tambon.name_en} with Google Maps (approximate)",
         f"Approximate location: the centre of tambon {tambon.name_en}"),
        ("/listings/test-walk",
         f"เปิดจุดกลางตำบล{tambon.name_th} ในแอปแผนที่ของโทรศัพท์ (โดยประมาณ)", "ตำแหน่งโดยประมาณ"),
        ("/listings/exact-walk", "นำทางไปยังบ้านแน่นอน ด้วย Google Maps (โดยประมาณ)",
         "ตำแหน่งโดยประมาณ: ใช้ตำแหน่งของบ้านแน่นอน"),
        ("/en/listings/exact-walk", "Directions to Ban Exact with Google Maps (approximate)",
         "Approximate location: the position of Ban Exact"),
    )
    for url, directions, note in cases:
        page = _page(client, url)
        assert directions in page and note in page, url
    for url in ("/villages/ban-exact", "/listings/pinned-walk"):
        page = _page(client, url)
        assert "นำทางด้วย Google Maps" in page and "ตำแหน่งโดยประมาณ" not in page, url
    assert "approximate" not in _page(client, "/en/listings/pinned-walk").split("map-section")[1]


def _ld(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_json_ld_gives_geo_only_for_an_items_own_exact_point(app, content_tree):
    content_tree.village(location_approximate="true")
    content_tree.village("ban-exact", title="บ้านแน่นอน", lat=18.87, lon=99.36)
    content_tree.listing("a-walk", title="เดินป่า", kind="attraction", village="ban-exact",
                         category=None, otop_stars=None)
    content_tree.listing("a-pinned-walk", title="เดินป่ามีพิกัด", kind="attraction",
                         village="ban-exact", category=None, otop_stars=None, lat=18.871,
                         lon=99.361)
    load_content(content_tree.root)
    client = app.test_client()
    assert "geo" not in _ld(_page(client, "/villages/ban-test"))
    assert _ld(_page(client, "/villages/ban-exact"))["geo"]["latitude"] == 18.87
    walk = _ld(_page(client, "/listings/a-walk"))
    assert "geo" not in walk and walk["address"]["addressCountry"] == "TH"
    assert _ld(_page(client, "/listings/a-pinned-walk"))["geo"]["latitude"] == 18.871
    with app.test_request_context():
        village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
        assert "geo" not in seo.village_ld(village, [])


def test_an_editor_setting_the_real_pin_ends_the_approximate_marking(app, content_tree):
    staff = build_site(content_tree)
    found = ids()
    village = db.session.get(Village, found["village"])
    village.location_approximate = True  # as an import without coordinates left it
    db.session.commit()
    editor = app.test_client()
    login(editor, staff["editor"])
    url = f"/admin/villages/{found['village']}/edit"
    page = _page(editor, url)
    assert "ตำแหน่งนี้เป็นจุดกลางตำบลโดยประมาณ" in page
    assert 'data-start-zoom="12"' in page  # the picker opens on the tambon
    response = editor.post(url, data=edit_data(editor, url, summary="สรุปใหม่"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Village, found["village"]).location_approximate is True  # pin kept
    response = editor.post(url, data=edit_data(editor, url, lat="18.8712", lon="99.3533"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Village, found["village"]).location_approximate is False
    assert "ตำแหน่งโดยประมาณ" not in _page(editor, "/villages/ban-test")


def test_shipped_villages_placed_on_their_tambon_centre_say_they_are_approximate():
    """A village file whose point is its tambon's centroid (to the centroid file's three
    decimals) is marked approximate: pages must not show a tambon's centre as the village."""
    import csv

    from cdd_click.config import CONTENT_DIR, DEFAULT_CENTROIDS

    with open(DEFAULT_CENTROIDS, encoding="utf-8") as handle:
        centres = {row["SUB_DISTRICT_CODE"]: (float(row["LATITUDE"]), float(row["LONGITUDE"]))
                   for row in csv.DictReader(handle)}
    unmarked, checked = [], 0
    for path in sorted((CONTENT_DIR / "villages").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert "checked_on" not in front, path.name  # never invented: no one has checked yet
        if (round(front["lat"], 3), round(front["lon"], 3)) == centres[str(front["subdistrict"])]:
            checked += 1
            if not front.get("location_approximate"):
                unmarked.append(path.name)
    assert checked and unmarked == []


def test_the_import_reads_a_check_date_and_sources_and_refuses_bad_ones(app, content_tree):
    from cdd_click.content import columns

    assert columns.COLUMNS_BY_KEY["checked_on"].parse("15 ม.ค. 2569") == dt.date(2026, 1, 15)
    assert columns.COLUMNS_BY_KEY["sources"].parse(f"ททท. | {TAT}") == [
        {"title": "ททท.", "url": TAT}]
    future = (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    for key, raw, reason in (("checked_on", future, "ต้องไม่เลยวันนี้"),
                             ("checked_on", "เมื่อวาน", "ต้องเป็นวันที่"),
                             ("sources", "ททท. | http://x.example/", "https://")):
        with pytest.raises(columns.CellError, match=reason):
            columns.COLUMNS_BY_KEY[key].parse(raw)


def test_the_to_do_list_puts_the_never_checked_then_the_longest_unchecked_first(app,
                                                                                content_tree):
    content_tree.village("ban-a", title="บ้านเอ", lat=18.861, lon=99.351)
    content_tree.village("ban-b", title="บ้านบี", lat=18.862, lon=99.352,
                         checked_on=(freshness.today() - dt.timedelta(days=400)).isoformat())
    content_tree.village("ban-c", title="บ้านซี", lat=18.863, lon=99.353,
                         checked_on=(freshness.today() - dt.timedelta(days=500)).isoformat())
    content_tree.village("ban-d", title="บ้านดี", lat=18.864, lon=99.354,
                         checked_on=freshness.today().isoformat())
    load_content(content_tree.root)
    from cdd_click.admin import lists
    from cdd_click.models import User
    from tests.admin_helpers import make_staff

    make_staff()
    editor = db.session.scalar(select(User).where(User.email == "cm@cdd.go.th"))
    rows = lists.todo_page(Village, editor).items
    assert [row[0].slug for row in rows] == ["ban-a", "ban-c", "ban-b", "ban-d"]
    assert [row.lacks_fresh for row in rows] == [1, 1, 1, 0]
