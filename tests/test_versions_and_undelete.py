"""Every save and delete checks the version the editor loaded; a deleted item comes back from
its history; photo files go only after the commit that removed their last row."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from cdd_click import photos, publishing
from cdd_click.extensions import db
from cdd_click.models import Listing, Photo, Revision
from cdd_click.models.media import PHOTO_WIDTHS
from tests.admin_helpers import build_site, edit_data, ids, login, token


@pytest.fixture
def staff(app, content_tree):
    return build_site(content_tree)


def _jpeg(colour=(90, 140, 60)) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(image, "JPEG")
    return image.getvalue()


def _files(app, key: str) -> list[bool]:
    store = photos.media_store()
    return [store.read(f"{key}-{width}.webp") is not None for width in PHOTO_WIDTHS]


def test_a_save_that_names_no_version_is_refused_not_written_over(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    data = edit_data(client, url, title="บ้านทดสอบ ไม่มีฉบับ")
    data.pop("version")
    assert client.post(url, data=data).status_code == 409
    assert client.post(url, data={**data, "version": ""}).status_code == 409
    village = db.session.get(publishing.Village, ids()["village"])
    db.session.refresh(village)
    assert village.title == "บ้านทดสอบ"


def test_delete_checks_the_version_the_editor_saw(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    listing = db.session.get(Listing, ids()["listing"])
    item_id, seen = listing.id, listing.version
    base = f"/admin/listings/{item_id}"
    csrf = token(client, f"{base}/edit")
    asked = client.post(f"{base}/delete", data={"csrf_token": csrf, "version": seen})
    assert f'name="version" value="{seen}"' in asked.get_data(as_text=True)
    url = f"{base}/edit"
    assert client.post(url, data=edit_data(client, url, summary="แก้ก่อนลบ")).status_code == 303
    stale = client.post(f"{base}/delete", data={"csrf_token": csrf, "confirmed": "1",
                                                "version": seen})
    assert stale.status_code == 303 and stale.headers["Location"].endswith(url)
    assert db.session.get(Listing, item_id) is not None  # the newer edit is not deleted
    blind = client.post(f"{base}/delete", data={"csrf_token": csrf, "confirmed": "1"})
    assert blind.status_code == 303 and db.session.get(Listing, item_id) is not None
    db.session.rollback()
    current = db.session.get(Listing, item_id).version
    client.post(f"{base}/delete", data={"csrf_token": csrf, "confirmed": "1",
                                        "version": current})
    db.session.rollback()
    assert db.session.get(Listing, item_id) is None


def test_a_deleted_item_is_restored_from_its_history(app, staff):
    listing = db.session.get(Listing, ids()["listing"])
    item_id, before = listing.id, publishing.snapshot(listing)
    before_version = listing.version
    editor, other = app.test_client(), app.test_client()
    login(editor, "cm@cdd.go.th")
    login(other, "ks@cdd.go.th")
    csrf = token(editor, f"/admin/listings/{item_id}/edit")
    editor.post(f"/admin/listings/{item_id}/delete", data={
        "csrf_token": csrf, "confirmed": "1", "version": before_version})
    db.session.rollback()
    assert db.session.get(Listing, item_id) is None
    assert editor.get(f"/listings/{before['slug']}").status_code == 404

    page = editor.get("/admin/listings/deleted").get_data(as_text=True)
    assert before["title"] in page
    action = re.search(r'action="(/admin/listings/deleted/(\d+)/restore)"', page)
    assert action, page
    elsewhere = other.get("/admin/listings/deleted").get_data(as_text=True)
    assert before["title"] in elsewhere and action.group(1) not in elsewhere  # not theirs
    refused = other.post(action.group(1), data={
        "csrf_token": token(other, "/admin/listings/deleted")})
    db.session.rollback()
    assert refused.status_code == 403 and db.session.get(Listing, item_id) is None

    answer = editor.post(action.group(1), data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/admin/listings/{item_id}/edit")
    db.session.rollback()
    back = db.session.get(Listing, item_id)
    assert back is not None and publishing.snapshot(back) == before
    actions = [r.action for r in db.session.scalars(select(Revision).where(
        Revision.item_type == "listing", Revision.item_id == item_id).order_by(Revision.id))]
    assert actions[-2:] == ["delete", "undelete"]
    assert before["title"] not in editor.get("/admin/listings/deleted").get_data(as_text=True)
    if before["status"] == "published":
        assert editor.get(f"/listings/{before['slug']}").status_code == 200
    again = editor.post(action.group(1), data={"csrf_token": csrf})
    assert again.status_code == 303 and again.headers["Location"].endswith("/deleted")


def test_a_restore_whose_link_name_is_taken_is_refused(app, staff):
    listing = db.session.get(Listing, ids()["listing"])
    slug = listing.slug
    user = publishing.User.query.filter_by(email="admin@cdd.go.th").one()
    publishing.delete(listing, user, listing.version)
    revision = db.session.scalar(select(Revision).where(Revision.action == "delete"))
    newcomer = Listing(**{**publishing.from_snapshot(Listing, revision.before), "slug": slug,
                          "external_id": None})
    publishing.save(newcomer, {}, user, None)
    with pytest.raises(publishing.RestoreClash):
        publishing.undelete(revision, user)


def test_photo_files_go_after_the_commit_and_only_when_unused(app, staff):
    village = db.session.get(publishing.Village, ids()["village"])
    listing = db.session.get(Listing, ids()["listing"])
    shared = _jpeg()
    first = photos.add_photo(village, shared, "ภาพเดียวกัน")
    second = photos.add_photo(listing, shared, "ภาพเดียวกัน")
    key = first.key
    assert second.key == key and all(_files(app, key))

    photos.delete_photo(first)  # the listing still shows it
    assert all(_files(app, key))

    original = db.session.commit
    def failing_commit():
        raise RuntimeError("database gone")
    db.session.commit = failing_commit
    try:
        with pytest.raises(RuntimeError):
            photos.delete_photo(db.session.get(Photo, second.id))
    finally:
        db.session.commit = original
    assert db.session.get(Photo, second.id) is not None
    assert all(_files(app, key))  # the delete was rolled back: its files stay

    own = photos.add_photo(listing, _jpeg((10, 20, 200)), "ภาพของรายการ").key
    user = publishing.User.query.filter_by(email="admin@cdd.go.th").one()
    listing = db.session.get(Listing, listing.id)
    publishing.delete(listing, user, listing.version)
    assert db.session.scalar(select(Photo).where(Photo.key.in_([key, own]))) is None
    assert not any(_files(app, key)) and not any(_files(app, own))
