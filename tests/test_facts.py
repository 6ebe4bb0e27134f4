"""Practical facts: read from files and the admin form, shown as a "before you go" block in the
page's language, carried in JSON-LD, and never shown when unknown."""

from __future__ import annotations

import json
import re

import pytest
from admin_helpers import build_site, edit_data, ids, login
from sqlalchemy import select

from cdd_click import facts
from cdd_click.content import ContentInvalid, load_content
from cdd_click.extensions import db
from cdd_click.models import Listing, Village


def test_runs_of_months_and_days_wrap_round_the_year():
    assert facts.runs([10, 11, 0, 1], 12) == [(10, 1)]
    assert facts.runs([0, 2, 4], 12) == [(0, 0), (2, 2), (4, 4)]
    assert facts.runs([11, 0, 5, 6], 12) == [(5, 6), (11, 0)]
    assert facts.runs(list(range(12)), 12) == [(0, 11)]
    assert facts.runs([], 12) == []


def test_months_and_days_read_as_people_say_them(app):
    with app.test_request_context("/"):
        assert facts.months_text([11, 12, 1, 2], "th") == "พฤศจิกายน–กุมภาพันธ์"
        assert facts.months_text([11, 12, 1, 2], "en") == "November–February"
        assert facts.months_text(list(range(1, 13)), "th") == "ตลอดปี"
        assert facts.days_text(["sat", "sun"], "en") == "Saturday–Sunday"
        assert facts.days_text(["mon", "wed"], "th") == "วันจันทร์, วันพุธ"


@pytest.fixture
def site(app, content_tree):
    content_tree.village(best_months="[11, 12, 1, 2]", getting_there="ขับรถจากตัวเมือง",
                         price_min=300, price_max=600,
                         getting_there_en="Drive from town", parking="true",
                         wheelchair_access="false", suitable_for="[families, students]")
    content_tree.listing(kind="experience", category=None, otop_stars=None,
                         open_days="[sat, sun]", opens='"9:00"', closes='"16.30"',
                         booking_needed="true", languages="[th, en]",
                         shop_url="https://shop.example.org/coffee", price_min=100)
    content_tree.listing("test-plain", title="ของฝากทดสอบ", kind="community_product",
                         category=None, otop_stars=None)
    load_content(content_tree.root)
    return app.test_client()


def test_known_facts_show_as_a_block_in_both_languages(site):
    thai = site.get("/villages/ban-test").get_data(as_text=True)
    block = re.search(r'<section class="practical".*?</section>', thai, re.S).group(0)
    for text in ("ค่าใช้จ่าย", "฿300–฿600", "ช่วงเวลาที่เหมาะจะไป", "พฤศจิกายน–กุมภาพันธ์",
                 "ขับรถจากตัวเมือง",
                 "มีที่จอดรถ", "รถเข็นเข้าถึงไม่ได้", "ครอบครัว, นักเรียน นักศึกษา"):
        assert text in block, text
    assert "การจอง" not in block  # unknown: not shown at all
    english = site.get("/en/villages/ban-test").get_data(as_text=True)
    assert "November–February" in english and "Drive from town" in english
    listing = site.get("/en/listings/test-coffee").get_data(as_text=True)
    assert "Saturday–Sunday 09:00–16:30" in listing and "Book ahead" in listing
    assert "Thai, English" in listing
    assert 'href="https://shop.example.org/coffee"' in listing and "Buy online" in listing
    plain = site.get("/listings/test-plain").get_data(as_text=True)
    assert 'class="practical"' not in plain and "ซื้อออนไลน์" not in plain


def test_facts_are_carried_in_json_ld(site):
    page = site.get("/listings/test-coffee").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                page, re.S).group(1))
    assert data["openingHoursSpecification"] == [{
        "@type": "OpeningHoursSpecification", "dayOfWeek": ["Saturday", "Sunday"],
        "opens": "09:00", "closes": "16:30"}]
    assert data["priceRange"] == "฿100"
    assert data["availableLanguage"] == ["Thai", "English"]
    village = site.get("/villages/ban-test").get_data(as_text=True)
    place = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                 village, re.S).group(1))
    assert {"@type": "LocationFeatureSpecification", "name": "Parking", "value": True} in \
        place["amenityFeature"]
    assert place["priceRange"] == "฿300–฿600"


def test_a_fact_file_with_a_bad_value_names_the_field(app, content_tree):
    content_tree.village(best_months="[13]")
    content_tree.listing(opens='"25:00"')
    with pytest.raises(ContentInvalid) as raised:
        load_content(content_tree.root)
    text = "\n".join(str(error) for error in raised.value.errors)
    assert "best_months" in text and "13" in text and "opens" in text


def test_staff_fill_facts_in_the_form_and_unknown_stays_unknown(app, content_tree):
    build_site(content_tree)
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    form = client.get(url).get_data(as_text=True)
    assert '<fieldset class="checks" id="best_months">' in form
    data = edit_data(client, url, best_months=["12", "1"], parking="yes", booking_needed="",
                     price_min="200", price_max="450",
                     languages=["en", "th"], getting_there="รถสองแถวจากตัวเมือง")
    assert client.post(url, data=data).status_code == 303
    village = db.session.get(Village, ids()["village"])
    assert (village.best_months, village.parking, village.booking_needed, village.languages) \
        == ([1, 12], True, None, ["th", "en"])
    assert (village.price_min, village.price_max) == (200, 450)
    listing_url = f"/admin/listings/{ids()['listing']}/edit"
    data = edit_data(client, listing_url, open_days=["sun", "sat"], opens="08:30", closes="")
    page = client.post(listing_url, data=data).get_data(as_text=True)
    assert "กรุณากรอกทั้งเวลาเปิดและเวลาปิด" in page
    data.update(closes="17:00", shop_url="https://shop.example.org/x")
    assert client.post(listing_url, data=data).status_code == 303
    listing = db.session.scalar(select(Listing).where(Listing.id == ids()["listing"]))
    assert (listing.open_days, listing.opens, listing.closes, listing.shop_url) == (
        ["sat", "sun"], "08:30", "17:00", "https://shop.example.org/x")
