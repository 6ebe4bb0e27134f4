"""Owners update their items; the district office approves (issue 24, point 4): only the owner's
items and fields, old → new in the office's queue, approve / refuse with a reason the owner
sees, trusted owners publish at once (recorded, revertible), withdrawn consent removes the
published contact at once."""

from __future__ import annotations

import html
import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from cdd_click import owner_facts
from cdd_click.extensions import db
from cdd_click.models import Listing, OwnerChange, OwnerItem, Photo, Revision, Role, User, Village
from tests.admin_helpers import PASSWORD, build_site, login, token

OWNER = "owner@example.com"


@pytest.fixture
def site(app, content_tree):
    build_site(content_tree)
    listing = db.session.scalar(select(Listing))
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    owner = User(email=OWNER, role=Role.OWNER, provinces=[])
    owner.set_password(PASSWORD)
    db.session.add(owner)
    db.session.flush()
    db.session.add_all([OwnerItem(user_id=owner.id, item_type="listing", item_id=listing.id),
                        OwnerItem(user_id=owner.id, item_type="village", item_id=village.id)])
    db.session.commit()
    return app


def _listing() -> Listing:
    db.session.expire_all()
    return db.session.scalar(select(Listing))


def _signed_in(site, email: str = OWNER):
    client = site.test_client()
    assert login(client, email).status_code == 302
    return client


def _edit_url(item_type: str = "listing", item_id: int | None = None) -> str:
    item_id = item_id or (_listing().id if item_type == "listing" else db.session.scalar(
        select(Village.id).where(Village.slug == "ban-test")))
    return f"/admin/owner/{item_type}/{item_id}/edit"


def _form(client, url: str, **changes) -> dict:
    """What a browser would send from the owner's form as it stands, with ``changes``."""
    page = client.get(url).get_data(as_text=True)
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or 'type="file"' in tag or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data.setdefault(name.group(1), []).append(value.group(1) if value else "y")
            continue
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page,
                                 re.S):
        data[name] = html.unescape(body.removeprefix("\n").removeprefix("\r\n"))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page,
                                    re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                           options)
        data[name] = next((g for g in chosen.groups() if g is not None), "") if chosen else ""
    data.pop("q", None)
    data.update(changes)
    return data


def _propose(client, item_type: str = "listing", **changes):
    url = _edit_url(item_type)
    return client.post(url, data=_form(client, url, **changes))


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 80)).save(out, "JPEG")
    return out.getvalue()


def test_an_owner_change_waits_for_the_office_old_beside_new(site):
    owner = _signed_in(site)
    form = owner.get(_edit_url()).get_data(as_text=True)
    assert 'name="phone"' in form and 'name="title"' not in form and 'name="kind"' not in form
    assert _propose(owner, phone="081-234-5678", consent="y", price_min="120",
                    opens="08:00", closes="17:00", open_days=["sat", "sun"]).status_code == 303
    change = db.session.scalar(select(OwnerChange))
    assert change.state == "pending"
    assert change.values == {"phone": "081 234 5678", "price_min": 120, "open_days": ["sat", "sun"],
                             "opens": "08:00", "closes": "17:00"}
    assert change.before == {"phone": None, "price_min": None, "open_days": [], "opens": None,
                             "closes": None}
    assert _listing().phone is None  # nothing published yet
    assert "081 234 5678" not in site.test_client().get("/listings/test-coffee").get_data(
        as_text=True)

    editor = _signed_in(site, "cm@cdd.go.th")
    queue = editor.get("/admin/changes").get_data(as_text=True)
    assert "<del>—</del>" in queue and "<ins>081 234 5678</ins>" in queue
    assert "<ins>120 บาท</ins>" in queue and "เสาร์" in queue
    other = _signed_in(site, "ks@cdd.go.th")
    assert "081 234 5678" not in other.get("/admin/changes").get_data(as_text=True)
    csrf = token(other, "/admin/changes")
    assert other.post(f"/admin/changes/{change.id}/approve",
                      data={"csrf_token": csrf}).status_code == 403

    approved = editor.post(f"/admin/changes/{change.id}/approve",
                           data={"csrf_token": token(editor, "/admin/changes")})
    assert approved.status_code == 303
    listing = _listing()
    assert (listing.phone, listing.price_min, listing.open_days) == ("081 234 5678", 120,
                                                                     ["sat", "sun"])
    assert listing.checked_on is not None  # approving counts as the office's check
    found = owner_facts.attribution(listing)
    assert found is not None and found.checked and "phone" in found.fields
    revision = db.session.scalar(select(Revision).order_by(Revision.id.desc()))
    assert revision.action == "owner-approved" and revision.user.email == "cm@cdd.go.th"
    assert "081 234 5678" in site.test_client().get("/listings/test-coffee").get_data(
        as_text=True)
    home = owner.get("/admin/owner/").get_data(as_text=True)
    assert "อนุมัติแล้ว" in home


def test_a_refusal_carries_a_reason_the_owner_sees(site):
    owner = _signed_in(site)
    _propose(owner, price_min="99")
    change = db.session.scalar(select(OwnerChange))
    editor = _signed_in(site, "cm@cdd.go.th")
    csrf = token(editor, "/admin/changes")
    editor.post(f"/admin/changes/{change.id}/refuse", data={"csrf_token": csrf, "reason": " "})
    db.session.expire_all()
    assert db.session.get(OwnerChange, change.id).state == "pending"  # a reason is needed
    editor.post(f"/admin/changes/{change.id}/refuse",
                data={"csrf_token": csrf, "reason": "ราคานี้ไม่ตรงกับที่กลุ่มแจ้งไว้"})
    db.session.expire_all()
    assert db.session.get(OwnerChange, change.id).state == "refused"
    assert _listing().price_min is None
    assert "ราคานี้ไม่ตรงกับที่กลุ่มแจ้งไว้" in owner.get("/admin/owner/").get_data(as_text=True)
    again = editor.post(f"/admin/changes/{change.id}/approve", data={"csrf_token": csrf})
    assert again.status_code == 303 and _listing().price_min is None  # decided once


def test_an_owner_edits_only_their_items_and_owner_fields(site):
    owner = _signed_in(site)
    other = db.session.scalar(select(Village.id).where(Village.slug == "ban-kalasin"))
    assert owner.get(f"/admin/owner/village/{other}/edit").status_code == 404
    assert owner.get("/admin/owner/article/1/edit").status_code == 404
    _propose(owner, title="ชื่อใหม่", kind="attraction", status="draft", featured="y",
             village="ban-kalasin", otop_stars="5", price_max="300")
    change = db.session.scalar(select(OwnerChange))
    assert change.values == {"price_max": 300}
    assert _propose(owner).status_code == 422  # nothing differs: nothing queued
    assert db.session.scalar(select(func.count(OwnerChange.id))) == 1
    staff = _signed_in(site, "cm@cdd.go.th")
    assert staff.get(_edit_url()).status_code == 404  # staff edit in the staff form


def test_a_contact_needs_consent_and_a_double_submit_is_one_change(site):
    owner = _signed_in(site)
    assert _propose(owner, line_id="coffee").status_code == 422
    assert db.session.scalar(select(func.count(OwnerChange.id))) == 0
    url = _edit_url()
    data = _form(owner, url, line_id="coffee", consent="y")
    for _ in range(2):
        assert owner.post(url, data=data).status_code == 303
    change = db.session.scalar(select(OwnerChange))
    assert db.session.scalar(select(func.count(OwnerChange.id))) == 1
    assert change.consent_at is not None


def test_a_trusted_owner_publishes_at_once_and_the_office_can_revert(site):
    owner = _signed_in(site)
    _propose(owner, price_min="50")
    first = db.session.scalar(select(OwnerChange))
    editor = _signed_in(site, "cm@cdd.go.th")
    csrf = token(editor, "/admin/changes")
    other = _signed_in(site, "ks@cdd.go.th")
    assert other.post(f"/admin/owners/{first.owner_id}/trust",
                      data={"csrf_token": token(other, "/admin/changes"),
                            "trusted": "1"}).status_code == 403
    editor.post(f"/admin/owners/{first.owner_id}/trust", data={"csrf_token": csrf, "trusted": "1"})
    assert db.session.scalar(select(func.count()).select_from(OwnerItem).where(
        OwnerItem.trusted)) == 2
    assert _propose(owner, phone="0812345678", consent="y").status_code == 303
    listing = _listing()
    assert listing.phone == "081 234 5678"
    found = owner_facts.attribution(listing)
    assert found.fields == ("phone",) and not found.checked  # published, not checked
    published = db.session.scalar(select(OwnerChange).where(OwnerChange.state == "published"))
    revision = db.session.scalar(select(Revision).order_by(Revision.id.desc()))
    assert revision.action == "owner" and revision.user.email == OWNER
    tab = editor.get("/admin/changes?state=published").get_data(as_text=True)
    assert "081 234 5678" in tab
    editor.post(f"/admin/changes/{published.id}/revert?state=published",
                data={"csrf_token": csrf, "reason": "เบอร์นี้ไม่ใช่ของกลุ่ม"})
    listing = _listing()
    assert listing.phone is None and owner_facts.attribution(listing) is None
    db.session.expire_all()
    assert db.session.get(OwnerChange, published.id).state == "reverted"
    assert "เบอร์นี้ไม่ใช่ของกลุ่ม" in owner.get("/admin/owner/").get_data(as_text=True)


def test_approval_refuses_when_the_field_changed_since(site):
    owner = _signed_in(site)
    _propose(owner, price_min="80")
    change = db.session.scalar(select(OwnerChange))
    listing = _listing()
    listing.price_min = 70  # a staff edit meanwhile
    db.session.commit()
    editor = _signed_in(site, "cm@cdd.go.th")
    answer = editor.post(f"/admin/changes/{change.id}/approve",
                         data={"csrf_token": token(editor, "/admin/changes")})
    assert answer.status_code == 303
    assert _listing().price_min == 70
    db.session.expire_all()
    assert db.session.get(OwnerChange, change.id).state == "pending"
    assert "ราคาต่ำสุด" in editor.get("/admin/changes").get_data(as_text=True)


def test_withdrawn_consent_removes_the_published_contact_at_once(site):
    owner = _signed_in(site)
    _propose(owner, phone="0812345678", line_id="coffee", website="https://coffee.example",
             consent="y")
    editor = _signed_in(site, "cm@cdd.go.th")
    change = db.session.scalar(select(OwnerChange))
    editor.post(f"/admin/changes/{change.id}/approve",
                data={"csrf_token": token(editor, "/admin/changes")})
    _propose(owner, email="shop@example.com", price_min="40", consent="y")  # waiting
    page = site.test_client().get("/listings/test-coffee").get_data(as_text=True)
    assert "081 234 5678" in page
    home = owner.get("/admin/owner/").get_data(as_text=True)
    assert "ถอนความยินยอม" in home
    listing_id = _listing().id
    answer = owner.post(f"/admin/owner/listing/{listing_id}/withdraw",
                        data={"csrf_token": token(owner, "/admin/owner/")})
    assert answer.status_code == 303
    listing = _listing()
    assert (listing.phone, listing.line_id) == (None, None)
    assert listing.website == "https://coffee.example"  # a business address is not personal
    assert "081 234 5678" not in site.test_client().get("/listings/test-coffee").get_data(
        as_text=True)
    waiting = db.session.scalar(select(OwnerChange).where(OwnerChange.state == "pending"))
    assert waiting.values == {"price_min": 40} and waiting.consent_at is None
    revision = db.session.scalar(select(Revision).order_by(Revision.id.desc()))
    assert revision.action == "consent-withdrawn"


def test_a_staff_edit_ends_the_owner_s_mark(site):
    owner = _signed_in(site)
    _propose(owner, phone="0812345678", consent="y")
    editor = _signed_in(site, "cm@cdd.go.th")
    change = db.session.scalar(select(OwnerChange))
    editor.post(f"/admin/changes/{change.id}/approve",
                data={"csrf_token": token(editor, "/admin/changes")})
    listing = _listing()
    listing.phone = "053 123 456"
    db.session.commit()
    assert owner_facts.attribution(_listing()) is None
    owner.post(f"/admin/owner/listing/{listing.id}/withdraw",
               data={"csrf_token": token(owner, "/admin/owner/")})
    assert _listing().phone == "053 123 456"  # the office's number is not the owner's to remove


def test_an_owner_photo_waits_and_is_seen_only_by_the_office_and_owner(site):
    owner = _signed_in(site)
    url = _edit_url("village")
    data = _form(owner, url, summary="หมู่บ้านสำหรับทดสอบ", photo_alt="ลานหน้าหมู่บ้าน")
    data["photo"] = (io.BytesIO(_jpeg()), "yard.jpg")
    assert owner.post(url, data=data, content_type="multipart/form-data").status_code == 303
    change = db.session.scalar(select(OwnerChange))
    assert change.photo_data and change.item_type == "village"
    assert db.session.scalar(select(func.count(Photo.id))) == 0
    assert owner.get(f"/admin/changes/{change.id}/photo").status_code == 200
    assert site.test_client().get(f"/admin/changes/{change.id}/photo").status_code in (302, 401)
    other = _signed_in(site, "ks@cdd.go.th")
    assert other.get(f"/admin/changes/{change.id}/photo").status_code == 403
    editor = _signed_in(site, "cm@cdd.go.th")
    assert editor.get(f"/admin/changes/{change.id}/photo").status_code == 200
    editor.post(f"/admin/changes/{change.id}/approve",
                data={"csrf_token": token(editor, "/admin/changes")})
    photo = db.session.scalar(select(Photo))
    assert photo is not None and photo.alt == "ลานหน้าหมู่บ้าน"
    db.session.expire_all()
    assert db.session.get(OwnerChange, change.id).photo_data is None

    bad = _form(owner, url, summary="หมู่บ้านสำหรับทดสอบ", photo_alt="ภาพ")
    bad["photo"] = (io.BytesIO(b"<svg onload=alert(1)>"), "x.jpg")
    assert owner.post(url, data=bad, content_type="multipart/form-data").status_code == 422


HOSTILE = ["\x00", "ก" * 100_000, "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")",
           "\u202e\u0e01", "a\r\nb", "%ED%A0%80", "9" * 400]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_owner_change_input_answers_500(site, text):
    owner = _signed_in(site)
    for field in ("phone", "line_id", "email", "website", "price_min", "opens", "summary",
                  "body", "highlights", "best_months", "open_days", "booking_needed",
                  "photo_alt", "token"):
        answer = _propose(owner, consent="y", **{field: text})
        assert answer.status_code in (303, 400, 413, 422), (field, answer.status_code)
    for change in db.session.scalars(select(OwnerChange)):
        assert "\x00" not in repr(change.values)


def test_an_owner_sets_the_exact_pin_of_an_approximate_village(site):
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    village.location_approximate = True
    db.session.commit()
    owner = _signed_in(site)
    page = owner.get(_edit_url("village")).get_data(as_text=True)
    assert 'id="location-picker"' in page and 'data-start-zoom="12"' in page  # the tambon
    assert _propose(owner, "village", lat="18.861234", lon="99.351234").status_code == 303
    change = db.session.scalar(select(OwnerChange))
    assert change.values == {"lat": 18.861234, "lon": 99.351234, "location_approximate": False}
    assert _propose(owner, "village", lat="", lon="").status_code == 422  # a village has a place
    far = _propose(owner, "village", lat="16.5", lon="104.5")  # far away, another province
    assert far.status_code == 303
    editor = _signed_in(site, "cm@cdd.go.th")
    queue = editor.get("/admin/changes").get_data(as_text=True)
    assert "ไม่ใช่จังหวัดของรายการ" in queue and "ดูตำแหน่งใหม่บนแผนที่" in queue
    editor.post(f"/admin/changes/{change.id}/approve",
                data={"csrf_token": token(editor, "/admin/changes")})
    db.session.expire_all()
    village = db.session.get(Village, village.id)
    assert (village.lat, village.lon, village.location_approximate) == (18.861234, 99.351234,
                                                                        False)


def test_a_form_sent_back_unchanged_as_a_browser_sends_it_asks_for_nothing(site):
    listing = _listing()
    listing.body, listing.body_en = "ย่อหน้าแรก\n\nย่อหน้าที่สอง\n", "First.\n\nSecond."
    listing.lat, listing.lon = 18.8612345678, 99.3512345678  # more places than the form shows
    db.session.commit()
    owner = _signed_in(site)
    url = _edit_url()
    data = _form(owner, url)
    data["body"], data["body_en"] = "ย่อหน้าแรก\r\n\r\nย่อหน้าที่สอง", "First.\r\n\r\nSecond.\r\n"
    assert owner.post(url, data=data).status_code == 422  # nothing differs
    assert _propose(owner, price_min="20").status_code == 303
    change = db.session.scalar(select(OwnerChange))
    assert change.values == {"price_min": 20}
    editor = _signed_in(site, "cm@cdd.go.th")
    assert "ดูตำแหน่งใหม่บนแผนที่" not in editor.get("/admin/changes").get_data(as_text=True)


def test_the_owner_s_form_is_one_well_formed_page(site):
    owner = _signed_in(site)
    page = owner.get(_edit_url()).get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == "แก้ไขข้อมูล กาแฟทดสอบ · ระบบจัดการเนื้อหา · Click ชุมชน"
    assert page.count("js/admin.js") == 1 and page.index("js/admin.js") > page.index("</form>")


def test_the_queue_s_forms_share_no_id(site):
    owner = _signed_in(site)
    _propose(owner, price_min="10")
    _propose(owner, price_max="900")
    editor = _signed_in(site, "cm@cdd.go.th")
    for url in ("/admin/changes", "/admin/claims", "/admin/reports"):
        page = editor.get(url).get_data(as_text=True)
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), (url, sorted({i for i in ids if ids.count(i) > 1}))
    home = owner.get("/admin/owner/").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', home)
    assert len(ids) == len(set(ids))
