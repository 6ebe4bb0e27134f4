"""The admin's lists: only what the account may edit (decided in SQL), searchable, filtered by
province, status and kind, a page at a time."""

from __future__ import annotations

import re

from sqlalchemy import event, func, insert, select

from cdd_click.admin import lists
from cdd_click.extensions import db
from cdd_click.models import Listing, Village
from tests.admin_helpers import build_site, login


def _titles(page: str) -> list[str]:
    return re.findall(r'<td><a href="/admin/\w+/\d+/edit">([^<]+)</a></td>', page)


def _many_villages(count: int, code: str = "502304") -> None:
    db.session.execute(insert(Village), [
        {"slug": f"ban-many-{n}", "title": f"บ้านจำนวนมาก {n}", "summary": "ทดสอบ", "body": "",
         "tags": [], "status": "published", "subdistrict_code": code, "lat": 18.8, "lon": 99.3,
         "featured": False, "highlights": []} for n in range(count)])
    db.session.commit()


def test_an_editor_sees_only_their_provinces_and_an_admin_sees_all(app, content_tree):
    build_site(content_tree)
    editor, admin = app.test_client(), app.test_client()
    login(editor, "cm@cdd.go.th")
    login(admin, "admin@cdd.go.th")
    assert _titles(editor.get("/admin/villages/").get_data(as_text=True)) == ["บ้านทดสอบ"]
    assert sorted(_titles(admin.get("/admin/villages/").get_data(as_text=True))) == \
        ["บ้านกาฬสินธุ์ทดสอบ", "บ้านทดสอบ"]
    assert _titles(editor.get("/admin/villages/?province=46").get_data(as_text=True)) == []


def test_lists_search_filter_and_page_in_sql(app, content_tree):
    build_site(content_tree)
    _many_villages(120)
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    first = admin.get("/admin/villages/").get_data(as_text=True)
    assert len(_titles(first)) == lists.PER_PAGE and "พบ 122 รายการ" in first
    assert 'rel="next" href="/admin/villages/?page=2"' in first
    last = admin.get("/admin/villages/?page=3").get_data(as_text=True)
    assert len(_titles(last)) == 122 - 2 * lists.PER_PAGE
    found = _titles(admin.get("/admin/villages/?q=จำนวนมาก+7").get_data(as_text=True))
    assert sorted(found) == sorted(["บ้านจำนวนมาก 7", *(f"บ้านจำนวนมาก 7{n}" for n in range(10))])
    assert _titles(admin.get("/admin/villages/?province=46").get_data(as_text=True)) == \
        ["บ้านกาฬสินธุ์ทดสอบ"]
    db.session.execute(Village.__table__.update().where(Village.slug == "ban-many-3")
                       .values(status="draft"))
    db.session.commit()
    assert _titles(admin.get("/admin/villages/?status=draft").get_data(as_text=True)) == \
        ["บ้านจำนวนมาก 3"]
    assert _titles(admin.get("/admin/listings/?listing_kind=homestay").get_data(as_text=True)) == []
    assert len(_titles(admin.get("/admin/listings/?listing_kind=otop_product").get_data(
        as_text=True))) == db.session.scalar(select(func.count()).select_from(Listing))
    paged = admin.get("/admin/listings/?listing_kind=otop_product&province=50")
    assert paged.status_code == 200
    for odd in ("?page=0", "?page=x", "?province=ไม่ใช่", "?status=gone", "?q=%25%25_",
                "?listing_kind=nothing"):
        assert admin.get("/admin/villages/" + odd).status_code == 200, odd


def test_a_list_page_loads_a_page_of_rows_not_the_table(app, content_tree):
    """However many villages there are, a list page builds at most one page of them (before,
    every row of the table was loaded and filtered in Python)."""
    build_site(content_tree)
    _many_villages(300)
    editor = app.test_client()
    login(editor, "cm@cdd.go.th")
    loaded: list[int] = []

    def count(target, _context):
        loaded.append(target.id)

    event.listen(Village, "load", count)
    try:
        page = editor.get("/admin/villages/").get_data(as_text=True)
    finally:
        event.remove(Village, "load", count)
    assert len(_titles(page)) == lists.PER_PAGE and "พบ 301 รายการ" in page
    assert len(set(loaded)) <= lists.PER_PAGE


def test_a_slug_left_empty_is_made_from_the_title(app, content_tree):
    from tests.admin_helpers import edit_data

    build_site(content_tree)
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    for title, title_en, expected in (("ชาดอยทดสอบ", "Doi Test Tea", "doi-test-tea"),
                                      ("ชาดอยทดสอบ", "Doi Test Tea", "doi-test-tea-2"),
                                      ("บ้านแม่กำปอง", "", "ban-mae-kampong")):
        data = edit_data(client, "/admin/listings/new", slug="", title=title, title_en=title_en,
                         summary="ทดสอบ", kind="community_product",
                         village="ban-test")
        assert client.post("/admin/listings/new", data=data).status_code == 303
        assert db.session.scalar(select(Listing).where(Listing.slug == expected)) is not None


def test_bulk_status_changes_the_ticked_rows_in_one_go_and_only_allowed_ones(app, content_tree):
    from tests.admin_helpers import token

    build_site(content_tree)
    _many_villages(3)
    editor = app.test_client()
    login(editor, "cm@cdd.go.th")
    rows = db.session.execute(select(Village.id, Village.version).where(
        Village.slug.like("ban-many-%")).order_by(Village.id)).all()
    mine = [row.id for row in rows]
    picked = [f"{row.id}:{row.version}" for row in rows]
    csrf = token(editor, "/admin/villages/")
    blind = editor.post("/admin/villages/bulk-status", data={  # no version, or an older one
        "csrf_token": csrf, "status": "draft", "ids": [str(mine[0]), f"{mine[1]}:0"]})
    assert blind.status_code == 303
    assert "มีผู้แก้ไขรายการเหล่านี้" in editor.get(blind.location).get_data(as_text=True)
    db.session.expire_all()
    assert {db.session.get(Village, i).status for i in mine} == {"published"}
    response = editor.post("/admin/villages/bulk-status", data={
        "csrf_token": csrf, "status": "draft", "ids": picked[:2]})
    assert response.status_code == 303
    states = dict(db.session.execute(select(Village.id, Village.status).where(
        Village.id.in_(mine))).all())
    assert [states[i] for i in mine] == ["draft", "draft", "published"]
    theirs = db.session.scalar(select(Village.id).where(Village.slug == "ban-kalasin"))
    refused = editor.post("/admin/villages/bulk-status", data={
        "csrf_token": csrf, "status": "draft", "ids": [picked[2], f"{theirs}:1"]})
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(Village, mine[2]).status == "published"  # nothing of the batch
    page = editor.get("/admin/villages/").get_data(as_text=True)
    assert f'name="ids" value="{picked[2]}"' in page and 'value="published"' in page


def test_a_photo_can_be_added_on_the_create_form(app, content_tree):
    import io

    from PIL import Image

    from cdd_click.models import Photo
    from tests.admin_helpers import edit_data

    build_site(content_tree)
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    image = io.BytesIO()
    Image.new("RGB", (900, 600), (30, 100, 60)).save(image, "JPEG")

    def create(slug: str, photo: bytes, alt: str):
        data = edit_data(client, "/admin/listings/new", slug=slug, title="ชาทดสอบรูป",
                         summary="ทดสอบ", kind="community_product",
                         village="ban-test")
        data.update(photo=(io.BytesIO(photo), "tea.jpg"), photo_alt=alt)
        return client.post("/admin/listings/new", data=data, content_type="multipart/form-data")

    refused = create("tea-fake", b"<html><script>x</script></html>", "ภาพชา")
    assert refused.status_code == 200 and "first-photo-errors" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Listing).where(Listing.slug == "tea-fake")) is None
    no_alt = create("tea-no-alt", image.getvalue(), "")
    assert "บรรยายภาพ" in no_alt.get_data(as_text=True)
    assert db.session.scalar(select(Listing).where(Listing.slug == "tea-no-alt")) is None
    assert create("tea-photo", image.getvalue(), "ใบชาบนถาด").status_code == 303
    item = db.session.scalar(select(Listing).where(Listing.slug == "tea-photo"))
    photo = db.session.scalar(select(Photo).where(Photo.listing_id == item.id))
    assert (photo.alt, photo.width) == ("ใบชาบนถาด", 900)


def test_lists_filter_by_what_items_lack(app, content_tree):
    build_site(content_tree)
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    kalasin = db.session.scalar(select(Village).where(Village.slug == "ban-kalasin"))
    kalasin.title_en, kalasin.summary_en = "Ban Kalasin", "A test village"
    db.session.commit()
    assert _titles(admin.get("/admin/villages/?lacks=english").get_data(as_text=True)) == \
        ["บ้านทดสอบ"]
    assert sorted(_titles(admin.get("/admin/villages/?lacks=photo").get_data(as_text=True))) \
        == ["บ้านกาฬสินธุ์ทดสอบ", "บ้านทดสอบ"]
    assert admin.get("/admin/villages/?lacks=nonsense").status_code == 200


def test_lists_find_reference_codes_and_show_each_items_province(app, content_tree):
    build_site(content_tree)
    db.session.execute(Village.__table__.update().where(Village.title == "บ้านทดสอบ")
                       .values(external_id="สกพ-ม-001"))
    listing = db.session.scalars(select(Listing)).first()
    listing.external_id = "OTOP-50-0042"
    db.session.commit()
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    assert _titles(admin.get("/admin/villages/?q=สกพ-ม").get_data(as_text=True)) == ["บ้านทดสอบ"]
    assert _titles(admin.get("/admin/listings/?q=0042").get_data(as_text=True)) == [listing.title]
    rows = admin.get("/admin/villages/").get_data(as_text=True)
    assert re.search(r"บ้านกาฬสินธุ์ทดสอบ</a></td>\s*<td>กาฬสินธุ์</td>", rows)
    assert re.search(r"บ้านทดสอบ</a></td>\s*<td>เชียงใหม่</td>", rows)
    listings = admin.get("/admin/listings/").get_data(as_text=True)
    assert re.search(rf"{listing.title}</a></td>\s*<td>(เชียงใหม่|กาฬสินธุ์)</td>", listings)
