"""Owner-supplied facts told on the public side (issue 24, points 5 and 7): the page's
"ข้อมูลจากผู้ประกอบการ" line, an article's check date, JSON-LD contacts and the item API."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import event, select

from cdd_click import owner_facts, publishing
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.models import Listing, Village
from cdd_click.models.common import Status

ON = dt.date(2026, 12, 1)
OFFICE_TH = "สำนักงานพัฒนาชุมชนอำเภอแม่ออน"  # the test village is in Huai Kaeo, Mae On
OFFICE_EN = "Mae On District Community Development Office"


def _text(client, url: str) -> str:
    """The page's visible text, one space between words."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = html.unescape(response.get_data(as_text=True))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def _ld(client, url: str) -> dict:
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, url
    return json.loads(found.group(1))


def _owner_publishes(item, values: dict, checked: bool = True, on: dt.date = ON) -> None:
    """What publishing an owner's change does to the item: its values and their marks, through
    publishing.save (a revision, the item's version, the search outbox)."""
    marks = owner_facts.marked(item, values, on, checked=checked)
    publishing.save(item, {**values, "owner_supplied": marks}, None, item.version)


def _staff_edits(item, values: dict) -> None:
    publishing.save(item, values, None, item.version)


def _listing(slug: str = "test-coffee") -> Listing:
    return db.session.scalar(select(Listing).where(Listing.slug == slug))


def _village() -> Village:
    return db.session.scalar(select(Village).where(Village.slug == "ban-test"))


@pytest.fixture
def loaded(app, content_tree):
    content_tree.village(title_en="Ban Test")
    content_tree.listing()  # an OTOP product
    content_tree.listing("test-homestay", kind="accommodation", category=None, otop_stars=None,
                         title="โฮมสเตย์ทดสอบ")
    content_tree.article(checked_on="2026-03-02")
    content_tree.article("unchecked-article", title="บทความที่ยังไม่ตรวจ")
    load_content(content_tree.root)
    return app


# -- the page's line ----------------------------------------------------------------------------

def test_the_line_appears_once_published_through_the_page_cache_and_ends_with_a_staff_edit(
        loaded):
    client = loaded.test_client()
    assert "ข้อมูลจากผู้ประกอบการ" not in _text(client, "/listings/test-coffee")
    assert client.get("/listings/test-coffee").headers["X-Page-Cache"] == "hit"  # cached

    _owner_publishes(_listing(), {"phone": "081 234 5678", "price_min": 120})
    page = _text(client, "/listings/test-coffee")  # no cache cleared: the save moved its key
    assert (f"ข้อมูลจากผู้ประกอบการ · ตรวจสอบโดย {OFFICE_TH} · 1 ธันวาคม 2569 "
            "(โทรศัพท์, ราคาต่ำสุด)") in page
    assert "081 234 5678" in page
    english = _text(client, "/en/listings/test-coffee")
    assert (f"From the operator · checked by {OFFICE_EN} · 1 December 2026 "
            "(Phone, Lowest price)") in english

    _staff_edits(_listing(), {"phone": "082 222 3333"})  # staff corrected the phone
    page = _text(client, "/listings/test-coffee")
    assert f"ตรวจสอบโดย {OFFICE_TH} · 1 ธันวาคม 2569 (ราคาต่ำสุด)" in page
    _staff_edits(_listing(), {"price_min": 150})
    page = _text(client, "/listings/test-coffee")
    assert "ข้อมูลจากผู้ประกอบการ" not in page and "082 222 3333" in page


def test_a_trusted_owners_change_says_the_office_trusts_the_owner_not_that_it_checked(loaded):
    client = loaded.test_client()
    _owner_publishes(_village(), {"price_min": 300, "parking": True}, checked=False)
    page = _text(client, "/villages/ban-test")
    assert (f"ข้อมูลจากผู้ประกอบการ · เผยแพร่โดยผู้ประกอบการที่ {OFFICE_TH} รับรอง · "
            "1 ธันวาคม 2569 (ราคาต่ำสุด, ที่จอดรถ)") in page
    assert "ตรวจสอบโดย" not in page
    english = _text(client, "/en/villages/ban-test")
    assert (f"From the operator · published by an operator trusted by {OFFICE_EN} · "
            "1 December 2026 (Lowest price, Parking)") in english
    # one checked and one trusted value: the line does not claim the office checked them all
    _owner_publishes(_village(), {"price_max": 500}, checked=True, on=dt.date(2026, 12, 3))
    page = _text(client, "/villages/ban-test")
    assert (f"เผยแพร่โดยผู้ประกอบการที่ {OFFICE_TH} รับรอง · 3 ธันวาคม 2569 "
            "(ราคาต่ำสุด, ราคาสูงสุด, ที่จอดรถ)") in page


# -- articles ---------------------------------------------------------------------------------

def test_an_article_shows_its_check_date_beside_its_publication_date_and_no_never_line(loaded):
    client = loaded.test_client()
    page = _text(client, "/articles/test-article")
    assert "เผยแพร่ 24 พฤศจิกายน 2569" in page and "ตรวจสอบล่าสุด 2 มีนาคม 2569" in page
    assert "Last checked 2 March 2026" in _text(client, "/en/articles/test-article")
    unchecked = _text(client, "/articles/unchecked-article")
    assert "ตรวจสอบล่าสุด" not in unchecked and "ยังไม่มีการตรวจสอบ" not in unchecked
    assert "เผยแพร่ 24 พฤศจิกายน 2569" in unchecked
    # villages and listings never checked still say so
    assert "ยังไม่มีการตรวจสอบข้อมูลโดยเจ้าหน้าที่" in _text(client, "/listings/test-coffee")


# -- JSON-LD ----------------------------------------------------------------------------------

def test_a_products_json_ld_gives_its_seller_telephone_email_and_hours(loaded):
    client = loaded.test_client()
    assert "offers" not in _ld(client, "/listings/test-coffee")  # nothing known, nothing said
    _owner_publishes(_listing(), {"phone": "081 234 5678", "email": "coffee@example.org"})
    data = _ld(client, "/listings/test-coffee")
    assert data["@type"] == "Product" and "telephone" not in data
    assert data["offers"]["seller"] == {"@type": "Organization", "telephone": "081 234 5678",
                                        "email": "coffee@example.org"}
    _owner_publishes(_listing(), {"open_days": ["sat", "sun"], "opens": "08:00",
                                  "closes": "17:00", "price_min": 120})
    data = _ld(client, "/listings/test-coffee")
    seller = data["offers"]["seller"]
    assert data["offers"]["price"] == 120 and data["offers"]["priceCurrency"] == "THB"
    assert seller["@type"] == "LocalBusiness"  # an Organization and a Place: it has hours
    assert seller["openingHoursSpecification"] == [{
        "@type": "OpeningHoursSpecification", "dayOfWeek": ["Saturday", "Sunday"],
        "opens": "08:00", "closes": "17:00"}]
    assert seller["address"]["addressLocality"] == "แม่ออน"


def test_a_homestays_json_ld_carries_its_telephone_and_email(loaded):
    client = loaded.test_client()
    assert "telephone" not in _ld(client, "/listings/test-homestay")
    _owner_publishes(_listing("test-homestay"), {"phone": "053 123 456",
                                                 "email": "stay@example.org"})
    data = _ld(client, "/listings/test-homestay")
    assert data["@type"] == "LodgingBusiness"
    assert data["telephone"] == "053 123 456" and data["email"] == "stay@example.org"


# -- the API ----------------------------------------------------------------------------------

def _documented(client, body: dict, status: int) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    response = document["paths"]["/api/v1/items/{section}/{slug}"]["get"]["responses"]
    schema = {**response[str(status)]["content"]["application/json"]["schema"],
              "components": document["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(body))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_the_item_api_gives_the_stored_values_and_who_supplied_them(loaded):
    client = loaded.test_client()
    listing = _listing()
    _owner_publishes(listing, {"phone": "081 234 5678", "price_min": 120, "price_max": 250,
                               "open_days": ["sat", "sun"], "opens": "08:00",
                               "closes": "17:00", "booking_needed": True})
    body = client.get("/api/v1/items/listings/test-coffee").get_json()
    _documented(client, body, 200)
    assert body["type"] == "listing" and body["url"] == "/listings/test-coffee"
    assert body["kind"] == "otop_product" and body["province"] == "50"
    assert {name: body[name] for name in owner_facts.CONTACTS} == {
        "phone": "081 234 5678", "line_id": None, "email": None, "website": None,
        "facebook": None, "shop_url": None}
    assert (body["price_min"], body["price_max"]) == (120, 250)
    assert (body["open_days"], body["opens"], body["closes"]) == (["sat", "sun"], "08:00",
                                                                  "17:00")
    assert body["facts"]["booking_needed"] is True
    # a listing without its own pin is shown at its village's point, and says so
    assert (body["lat"], body["lon"]) == (18.86, 99.35)
    assert body["location_approximate"] is True and body["location_basis"] == "village"
    assert body["checked_on"] is None
    assert body["owner_supplied"] == {
        "fields": ["phone", "price_min", "price_max", "open_days", "opens", "closes",
                   "booking_needed"], "date": "2026-12-01", "checked_by_office": True}
    english = client.get("/en/api/v1/items/listings/test-coffee").get_json()
    assert english["url"] == "/en/listings/test-coffee"
    village = client.get("/api/v1/items/villages/ban-test").get_json()
    _documented(client, village, 200)
    assert village["owner_supplied"] is None and village["location_basis"] == "own"
    article = client.get("/api/v1/items/articles/test-article").get_json()
    _documented(client, article, 200)
    assert article["checked_on"] == "2026-03-02" and article["published_on"] == "2026-11-24"
    assert article["facts"] is None and article["lat"] is None


def test_the_item_api_answers_404_in_json_for_a_draft_and_anything_unknown(loaded):
    client = loaded.test_client()
    publishing.set_status(_listing(), Status.DRAFT, None, _listing().version)
    for url in ("/api/v1/items/listings/test-coffee", "/api/v1/items/villages/no-such-village",
                "/api/v1/items/listings/test-homestay/extra",
                "/api/v1/items/people/test-coffee", "/api/v1/items/villages/Ban%20Test",
                "/en/api/v1/items/listings/test-coffee"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "application/json"
        assert response.get_json()["error"] == "not_found"
        _documented(client, response.get_json(), 404)
    assert client.get("/api/v1/items/listings/test-homestay").status_code == 200


def test_the_item_api_reads_the_same_few_statements_however_big_the_site(loaded, content_tree):
    client = loaded.test_client()
    client.get("/api/v1/items/listings/test-coffee")  # warm the province names

    def statements(url: str) -> int:
        seen: list[str] = []
        listen = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(seen)

    before = statements("/api/v1/items/listings/test-coffee")
    for number in range(30):
        content_tree.listing(f"more-{number}", title=f"สินค้าที่ {number}")
    load_content(content_tree.root)
    assert statements("/api/v1/items/listings/test-coffee") == before <= 2


# -- the whole public half, through the office's real flow -------------------------------------

def test_an_approved_change_reaches_page_json_ld_and_api_and_withdrawn_consent_leaves(loaded):
    """The public half of the browser scenario (tests/browser/test_claims_browser.py) without a
    browser: owner_changes.propose → approve → withdraw_consent, the page cache on throughout."""
    from cdd_click import accounts, freshness, owner_changes
    from cdd_click.models import OwnerItem, Role, User

    editor = accounts.create_user("cm@cdd.go.th", "correct horse battery staple", "editor",
                                  ["50"])
    owner = User(email="owner@example.com", role=Role.OWNER, provinces=[])
    owner.set_password("correct horse battery staple")
    db.session.add(owner)
    db.session.flush()
    db.session.add(OwnerItem(user_id=owner.id, item_type="listing",
                             item_id=_listing("test-homestay").id))
    db.session.commit()
    client = loaded.test_client()
    url, api = "/listings/test-homestay", "/api/v1/items/listings/test-homestay"
    change = owner_changes.propose(owner, _listing("test-homestay"),
                                   {"phone": "089 765 4321", "price_min": 650}, "token-1",
                                   consent=True)
    page = _text(client, url)
    assert "089 765 4321" not in page and "ข้อมูลจากผู้ประกอบการ" not in page  # waiting
    assert client.get(api).get_json()["phone"] is None
    assert "089 765 4321" not in json.dumps(_ld(client, url))

    owner_changes.approve(change.id, editor)
    today = freshness.today()
    page = _text(client, url)
    assert "089 765 4321" in page
    assert (f"ข้อมูลจากผู้ประกอบการ · ตรวจสอบโดย {OFFICE_TH} · " in page
            and "(โทรศัพท์, ราคาต่ำสุด)" in page)
    assert "ตรวจสอบล่าสุด" in page  # approving counts as a check
    assert _ld(client, url)["telephone"] == "089 765 4321"
    body = client.get(api).get_json()
    assert body["phone"] == "089 765 4321" and body["price_min"] == 650
    assert body["owner_supplied"] == {"fields": ["phone", "price_min"],
                                      "date": today.isoformat(), "checked_by_office": True}
    assert body["checked_on"] == today.isoformat()

    owner_changes.withdraw_consent(owner, _listing("test-homestay"))
    page = _text(client, url)
    assert "089 765 4321" not in page and "(ราคาต่ำสุด)" in page
    assert "telephone" not in _ld(client, url)
    body = client.get(api).get_json()
    assert body["phone"] is None and body["owner_supplied"]["fields"] == ["price_min"]


def test_the_line_sits_by_the_contacts_a_visitor_acts_on_and_only_once(loaded):
    _owner_publishes(_listing("test-homestay"), {"phone": "081 234 5678"})
    _owner_publishes(_village(), {"price_min": 300})
    client = loaded.test_client()
    page = client.get("/listings/test-homestay").get_data(as_text=True)
    assert page.count("ข้อมูลจากผู้ประกอบการ") == 1
    contact = page[page.index('id="contact-heading"'):]
    assert contact.index("ข้อมูลจากผู้ประกอบการ") < contact.index("</section>")
    village = client.get("/villages/ban-test").get_data(as_text=True)
    assert village.count("ข้อมูลจากผู้ประกอบการ") == 1  # no contacts: at the foot
