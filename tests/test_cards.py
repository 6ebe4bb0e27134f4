"""Cards show the item's photo (responsive, lazy, sized), else where it lies in Thailand."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from cdd_click import photos
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.maps import locator
from cdd_click.models import Listing, Village


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 90, 60)).save(out, "JPEG")
    return out.getvalue()


def test_cards_show_a_photo_when_there_is_one_and_a_locator_when_not(app, content_tree):
    content_tree.village()
    content_tree.village("ban-south", title="บ้านใต้ทดสอบ", subdistrict='"900101"', lat=7.2,
                         lon=100.6)
    content_tree.listing()
    load_content(content_tree.root)
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    photos.add_photo(village, _jpeg(1600, 1000), "หมู่บ้านบนดอย")
    listing = db.session.scalar(select(Listing))
    photos.add_photo(listing, _jpeg(800, 800), "กาแฟคั่ว")
    db.session.commit()
    client = app.test_client()

    page = client.get("/villages/").get_data(as_text=True)
    photo = re.search(r'<img class="card-photo"[^>]*>', page, re.S).group(0)
    assert '-480.webp 480w' in photo and '-1200.webp 1200w' in photo
    assert 'loading="lazy"' in photo and 'width="480" height="300"' in photo  # 1600×1000
    assert 'alt="หมู่บ้านบนดอย"' in photo
    assert page.count('class="card-photo"') == 1  # the other village has none
    x, y = locator.project(7.2, 100.6)
    assert f'<circle cx="{x:g}" cy="{y:g}" r="7"/>' in page.replace(".0\"", "\"")
    assert 'href="/static/img/thailand.svg' in page

    listings = client.get("/listings/").get_data(as_text=True)
    assert 'alt="กาแฟคั่ว"' in listings and 'width="480" height="480"' in listings
    on_village = client.get("/villages/ban-test").get_data(as_text=True)
    assert 'alt="กาแฟคั่ว"' in on_village  # the village's own listing cards
    assert 'class="card-locator"' not in on_village  # all in this village: no map each


def test_the_outline_is_thailand_in_the_locator_projection():
    chiang_rai, narathiwat = locator.project(20.4, 99.9), locator.project(6.2, 101.9)
    assert chiang_rai[1] < 5 and narathiwat[1] > locator.HEIGHT - 30  # north up, south down
    assert locator.project(13.75, 100.5) == (38.1, 82.5)  # Bangkok, mid-height, west of centre
    svg = (Path(__file__).resolve().parent.parent / "static" / "img" /
           "thailand.svg").read_text(encoding="utf-8")
    assert f'viewBox="0 0 {locator.WIDTH:g} {locator.HEIGHT:g}"' in svg and 'id="th"' in svg


def test_search_hits_show_the_items_photo(app, content_tree):
    from cdd_click import search

    content_tree.village()
    content_tree.listing()
    load_content(content_tree.root)
    photos.add_photo(db.session.scalar(select(Listing)), _jpeg(1200, 900), "กาแฟจากดอย")
    db.session.commit()
    search.rebuild_index()
    page = app.test_client().get("/search?q=กาแฟทดสอบ").get_data(as_text=True)
    assert re.search(r'<img class="hit-photo"[^>]*alt="กาแฟจากดอย"', page)
    assert 'width="480" height="360"' in page


def test_a_page_without_photos_shows_where_the_place_is_not_a_stock_drawing(app, content_tree):
    content_tree.village()
    content_tree.listing("test-homestay", kind="accommodation", category=None, otop_stars=None)
    load_content(content_tree.root)
    client = app.test_client()
    for url in ("/villages/ban-test", "/listings/test-homestay"):
        page = client.get(url).get_data(as_text=True)
        figure = re.search(r'<figure class="locator">.*?</figure>', page, re.S).group(0)
        x, y = locator.project(18.86, 99.35)  # the village (the homestay has no place of its own)
        assert f'cx="{x:g}" cy="{y:g}"' in figure.replace(".0\"", "\"")
        assert "ที่ตั้งในจ.เชียงใหม่" in figure
        assert "img/kinds/" not in page
    english = client.get("/en/villages/ban-test").get_data(as_text=True)
    assert "Location: Chiang Mai" in english
