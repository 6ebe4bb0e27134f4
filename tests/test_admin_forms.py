"""The edit form after a failed save (summary, kept photo), the import's number parsing, and the
far-pin question with what it means for completeness (issue 23, points 8 and 9)."""

from __future__ import annotations

import io
import re

import pytest
from admin_helpers import build_site, edit_data, ids, login
from sqlalchemy import func, select
from test_admin import jpeg

from cdd_click import completeness, pins
from cdd_click.config import DEFAULT_CENTROIDS
from cdd_click.extensions import db
from cdd_click.geography import load_centroids
from cdd_click.models import Listing, PendingUpload, Photo

NEW = "/admin/listings/new"
BO_SANG_MISTAKE = ("12.56", "101.89")  # one click in the east for a Chiang Mai product


@pytest.fixture
def editor(app, content_tree):
    """The Chiang Mai editor, signed in, with ban-test (ต.ห้วยแก้ว อ.แม่ออน) to put listings in."""
    build_site(content_tree)
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    return client


def listing_data(client, **changes) -> dict:
    fields = dict(slug="form-test-silk", title="ผ้าไหมทดสอบฟอร์ม", summary="ผ้าไหมทอมือ",
                  kind="community_product", village="ban-test")
    return edit_data(client, NEW, **(fields | changes))


def saved() -> Listing | None:
    return db.session.scalar(select(Listing).where(Listing.slug == "form-test-silk"))


def test_a_failed_save_lists_every_error_at_the_top_with_a_link_to_its_field(editor):
    page = editor.post(NEW, data=listing_data(editor, title="", phone="12345")).get_data(
        as_text=True)
    summary = re.search(r'<div[^>]*id="error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert summary and 'role="alert"' in summary.group(0)
    assert re.search(r'<h2 id="error-summary-heading" tabindex="-1">', summary.group(1))
    assert 'href="#title"' in summary.group(1) and 'href="#phone"' in summary.group(1)
    assert "ต้องเป็นหมายเลขโทรศัพท์ไทย" in summary.group(1)
    assert page.index('id="error-summary"') < page.index('<form method="post" class="admin-form"')
    english = editor.post(NEW + "?lang=en", data=listing_data(editor, title=""))
    assert english.status_code == 200


def test_the_chosen_photo_is_kept_after_a_failed_save_and_saved_with_the_next(editor):
    data = listing_data(editor, title="", photo_alt="ผ้าไหมบนกี่ทอ")
    data["photo"] = (io.BytesIO(jpeg(800, 600)), "silk.jpg")
    page = editor.post(NEW, data=data, content_type="multipart/form-data").get_data(as_text=True)
    token = re.search(r'name="photo_pending" value="([^"]+)"', page)
    assert token and "silk.jpg" in page and saved() is None
    assert db.session.scalar(select(func.count()).select_from(PendingUpload)) == 1

    again = listing_data(editor, photo_alt="ผ้าไหมบนกี่ทอ", photo_pending=token.group(1))
    assert editor.post(NEW, data=again).status_code == 303
    photos = db.session.scalars(select(Photo).where(Photo.listing_id == saved().id)).all()
    assert [p.alt for p in photos] == ["ผ้าไหมบนกี่ทอ"]
    assert db.session.scalar(select(func.count()).select_from(PendingUpload)) == 0


def test_a_kept_photo_belongs_to_the_account_that_chose_it(app, editor):
    data = listing_data(editor, title="", photo_alt="ผ้าไหมบนกี่ทอ")
    data["photo"] = (io.BytesIO(jpeg(800, 600)), "silk.jpg")
    page = editor.post(NEW, data=data, content_type="multipart/form-data").get_data(as_text=True)
    token = re.search(r'name="photo_pending" value="([^"]+)"', page).group(1)
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    again = edit_data(admin, NEW, slug="form-test-silk", title="ผ้าไหมทดสอบฟอร์ม",
                      summary="ผ้าไหมทอมือ", kind="community_product", village="ban-test",
                      photo_alt="ผ้าไหมบนกี่ทอ", photo_pending=token)
    assert admin.post(NEW, data=again).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Photo).where(
        Photo.listing_id == saved().id)) == 0


def test_numbers_are_read_as_the_import_reads_them(editor):
    data = listing_data(editor, price_min="๑,๒๐๐", price_max="1,500 บาท", otop_year="๒๕๖๕",
                        otop_stars="4", kind="otop_product", category="textile")
    assert editor.post(NEW, data=data).status_code == 303
    silk = saved()
    assert (silk.price_min, silk.price_max, silk.otop_year) == (1200, 1500, 2022)
    page = editor.post(NEW, data=listing_data(editor, slug="other", price_min="สองร้อย"))
    assert "ต้องเป็นราคาเป็นจำนวนเต็ม" in page.get_data(as_text=True)  # the import's words


def test_a_far_pin_needs_a_confirmation_for_that_very_pin(editor):
    lat, lon = BO_SANG_MISTAKE
    page = editor.post(NEW, data=listing_data(editor, lat=lat, lon=lon)).get_data(as_text=True)
    assert saved() is None
    assert "ห่างจากจุดกลางตำบลห้วยแก้ว" in page and 'href="#location_confirmed"' in page
    assert "ไม่ใช่จังหวัดของรายการ" in page  # the east is not Chiang Mai either
    checked = re.search(r'name="pin_checked"[^>]*value="([^"]*)"', page).group(1)
    assert checked == "12.560000,101.890000"

    moved = listing_data(editor, lat="12.6", lon=lon, location_confirmed="y",
                         pin_checked=checked)  # ticked for another pin: asked again
    assert editor.post(NEW, data=moved).status_code == 200 and saved() is None

    sure = listing_data(editor, lat=lat, lon=lon, location_confirmed="y", pin_checked=checked)
    assert editor.post(NEW, data=sure).status_code == 303
    assert saved().location_confirmed is True

    near = edit_data(editor, f"/admin/listings/{saved().id}/edit", lat="18.87", lon="99.34")
    assert editor.post(f"/admin/listings/{saved().id}/edit", data=near).status_code == 303
    assert saved().location_confirmed is False  # a near pin needs no confirmation


def test_a_pin_nearest_another_provinces_tambon_needs_a_confirmation(app, editor):
    app.config["PIN_MAX_KM_FROM_TAMBON"] = 20.0  # near enough: only the province is wrong
    lat, lon = 18.80, 99.44  # across the border in Lampang, ~15 km from ต.ห้วยแก้ว's centre
    assert pins.nearest_tambon(lat, lon)[:2] == "52"
    page = editor.post(NEW, data=listing_data(editor, lat=str(lat), lon=str(lon)))
    text = page.get_data(as_text=True)
    assert saved() is None and "จังหวัดลำปาง" in text and "ห่างจาก" not in text


def test_an_unconfirmed_far_pin_does_not_make_an_item_complete(app, editor):
    from cdd_click import publishing

    load_centroids(DEFAULT_CENTROIDS)
    db.session.commit()
    listing = db.session.get(Listing, ids()["listing"])
    lat, lon = (float(v) for v in BO_SANG_MISTAKE)
    publishing.save(listing, {"lat": lat, "lon": lon}, None, listing.version)  # as an import could

    def place_met() -> tuple[bool, bool]:
        item = db.session.get(Listing, listing.id)
        row = db.session.execute(completeness.scored(Listing).where(
            Listing.id == listing.id)).one()
        return ("place" not in {c.key for c in completeness.missing(item)},
                not row.lacks_place)

    assert place_met() == (False, False)
    publishing.save(listing, {"location_confirmed": True}, None, listing.version)
    assert place_met() == (True, True)
    publishing.save(listing, {"lat": 18.87, "lon": 99.34, "location_confirmed": False},
                    None, listing.version)
    assert place_met() == (True, True)


def test_the_map_picker_opens_on_the_items_village(editor):
    page = editor.get(NEW + "?x=1").get_data(as_text=True)
    assert 'data-start-zoom="5"' in page  # no village yet: the country
    listing = ids()["listing"]
    db.session.execute(Listing.__table__.update().where(Listing.id == listing).values(
        lat=None, lon=None))
    db.session.commit()
    page = editor.get(f"/admin/listings/{listing}/edit").get_data(as_text=True)
    assert 'data-start-lat="18.86"' in page and 'data-start-zoom="14"' in page
    found = editor.get("/admin/place.json?village=ban-test").get_json()
    assert (found["lat"], found["lon"]) == (18.86, 99.35)
    tambon = editor.get("/admin/place.json?tambon=502304").get_json()
    assert (tambon["lat"], tambon["lon"], tambon["zoom"]) == (18.884, 99.327, 12)
    assert editor.get("/admin/place.json?village=ban-kalasin").status_code == 404
