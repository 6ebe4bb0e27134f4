"""Completeness: what a visitor needs, scored the same in SQL (lists, to-do) and in Python (an
item in hand), and the to-do list of an editor's provinces, most lacking first."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from PIL import Image
from sqlalchemy import select

from cdd_click import completeness, freshness, photos, stats
from cdd_click.extensions import db
from cdd_click.models import Listing, RecentViews, Village
from tests.admin_helpers import build_site, login


def _sql_view(model, item_id):
    row = db.session.execute(completeness.scored(model).where(model.id == item_id)).one()
    return int(row.score), [c.key for c in completeness.lacking(row)]


def _python_view(item):
    return completeness.score(item), [c.key for c in completeness.missing(item)]


def test_sql_and_python_agree_as_an_item_is_filled_in(app, content_tree):
    build_site(content_tree)
    listing = db.session.scalar(select(Listing))
    village = listing.village
    listing.phone = listing.title_en = listing.summary_en = listing.price_min = None
    listing.lat = listing.lon = None
    listing.checked_on = freshness.today()  # staff confirmed it today
    db.session.commit()
    for item in (listing, village):
        assert _sql_view(type(item), item.id) == _python_view(item)
    score, lacks = _python_view(listing)
    assert set(lacks) == {"photo", "contact", "place", "english", "facts"}  # stars: given
    listing.phone, listing.price_min = "053 123 456", 100
    listing.title_en, listing.summary_en = "Test coffee", "Coffee from the test village"
    listing.lat, listing.lon = 18.86, 99.35
    db.session.commit()
    image = io.BytesIO()
    Image.new("RGB", (600, 400), (10, 90, 40)).save(image, "JPEG")
    photos.add_photo(listing, image.getvalue(), "ภาพกาแฟ")
    assert _sql_view(Listing, listing.id) == _python_view(listing) == (100, [])
    listing.otop_stars = None
    db.session.commit()
    assert _sql_view(Listing, listing.id) == _python_view(listing)
    assert _python_view(listing)[1] == ["stars"]
    # a recent update is not a check: only checked_on counts (a content load moves updated_at)
    listing.checked_on = freshness.today() - timedelta(days=366)
    db.session.commit()
    assert listing.updated_at.replace(tzinfo=UTC) >= datetime.now(UTC) - timedelta(minutes=5)
    assert _sql_view(Listing, listing.id) == _python_view(listing)
    assert _python_view(listing)[1] == ["stars", "fresh"]
    listing.checked_on = freshness.today() - timedelta(days=365)  # 12 months to the day
    db.session.commit()
    assert _sql_view(Listing, listing.id) == _python_view(listing)
    assert _python_view(listing)[1] == ["stars"]
    listing.checked_on = None  # never checked
    db.session.commit()
    assert _sql_view(Listing, listing.id) == _python_view(listing)
    assert _python_view(listing)[1] == ["stars", "fresh"]
    village.location_approximate = True
    db.session.commit()
    assert "place" in _sql_view(Village, village.id)[1] == _python_view(village)[1]


def test_the_to_do_list_shows_an_editors_provinces_most_lacking_first(app, content_tree):
    build_site(content_tree)
    db.session.execute(Village.__table__.update().values(checked_on=freshness.today()))
    db.session.commit()
    editor = app.test_client()
    login(editor, "cm@cdd.go.th")
    page = editor.get("/admin/todo?kind=villages").get_data(as_text=True)
    titles = re.findall(r'<td><a href="/admin/villages/\d+/edit">([^<]+)</a></td>', page)
    assert titles == ["บ้านทดสอบ"]  # not Kalasin's village
    assert "รูปภาพ" in page and "ชื่อและคำอธิบายภาษาอังกฤษ" in page
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    kalasin = db.session.scalar(select(Village).where(Village.slug == "ban-kalasin"))
    kalasin.title_en, kalasin.summary_en = "Ban Kalasin", "A test village"
    db.session.commit()
    page = admin.get("/admin/todo?kind=villages").get_data(as_text=True)
    titles = re.findall(r'<td><a href="/admin/villages/\d+/edit">([^<]+)</a></td>', page)
    assert titles == ["บ้านทดสอบ", "บ้านกาฬสินธุ์ทดสอบ"]  # lacks two, then lacks one
    for _ in range(3):  # visitors look at Kalasin's village: filling it in helps them first
        app.test_client().get("/villages/ban-kalasin")
    stats.flush()
    page = admin.get("/admin/todo?kind=villages").get_data(as_text=True)
    titles = re.findall(r'<td><a href="/admin/villages/\d+/edit">([^<]+)</a></td>', page)
    assert titles == ["บ้านกาฬสินธุ์ทดสอบ", "บ้านทดสอบ"]  # 1 lacking x (3 + 1) > 2 x 1
    assert "ชม 2 สัปดาห์\">3</td>" in page  # the views, labelled for the phone's cards
    edit = admin.get(f"/admin/villages/{kalasin.id}/edit").get_data(as_text=True)
    assert "ความครบถ้วน 75%" in edit and "ยังขาด: รูปภาพ</p>" in edit


def test_recent_views_count_this_week_and_last_and_then_age_out(app):
    from datetime import date

    monday = date(2026, 11, 23)

    def recent(today):
        joined, views = stats.recent_views("village", "ban-a", today)
        return db.session.scalar(select(views).select_from(RecentViews).where(
            RecentViews.item_type == "village", RecentViews.slug == "ban-a"))

    stats.add_recent({(monday, "village", "ban-a"): 5, (monday, "listing", "ban-a"): 9})
    stats.add_recent({(monday + timedelta(days=3), "village", "ban-a"): 2})
    assert recent(monday + timedelta(days=6)) == 7  # both this week
    # a flush holding the end of one week and the start of the next
    stats.add_recent({(monday + timedelta(days=6), "village", "ban-a"): 1,
                      (monday + timedelta(days=7), "village", "ban-a"): 4})
    db.session.commit()
    row = db.session.get(RecentViews, ("village", "ban-a"))
    assert (row.week, row.this_week, row.last_week) == (monday + timedelta(days=7), 4, 8)
    assert recent(monday + timedelta(days=8)) == 12  # this week and last
    assert recent(monday + timedelta(days=15)) == 4  # only last week's
    assert recent(monday + timedelta(days=22)) == 0  # older: not recent
    # a late count of last week (another worker flushed this week's first) adds to last week;
    # one older than that adds nothing
    stats.add_recent({(monday + timedelta(days=5), "village", "ban-a"): 10})
    stats.add_recent({(monday - timedelta(days=7), "village", "ban-a"): 50})
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(RecentViews, ("village", "ban-a"))
    assert (row.week, row.this_week, row.last_week) == (monday + timedelta(days=7), 4, 18)
    # a week skipped: both start over
    stats.add_recent({(monday + timedelta(days=21), "village", "ban-a"): 1})
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(RecentViews, ("village", "ban-a"))
    assert (row.this_week, row.last_week) == (1, 0)
    assert db.session.get(RecentViews, ("listing", "ban-a")).this_week == 9


def _border_pair() -> tuple[str, float, float]:
    """A tambon, and a point 2-10 km from its centroid whose nearest tambon is in another
    province (from the shipped centroids, so no real place is hard-coded)."""
    from cdd_click import pins

    rows = sorted(pins.shipped_centroids())
    for code, lat, lon in rows:
        for other, olat, olon in rows:
            if other[:2] != code[:2] and 2 < pins.distance_km(lat, lon, olat, olon) < 10:
                return code, olat, olon
    raise AssertionError("no border pair in the shipped centroids")


def test_a_pin_in_another_province_counts_only_once_confirmed(app, content_tree):
    from cdd_click import pins

    build_site(content_tree)
    code, lat, lon = _border_pair()
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    listing = village.listings[0]
    village.subdistrict_code, village.lat, village.lon = code, lat, lon
    listing.lat, listing.lon = lat, lon
    db.session.commit()
    assert pins.check(lat, lon, code).other_province  # what the form asks about
    assert village.pin_other_province and listing.pin_other_province  # stored by every write
    for item in (village, listing):
        assert "place" in _sql_view(type(item), item.id)[1] == _python_view(item)[1]
    village.location_confirmed = True
    db.session.commit()
    assert "place" not in _sql_view(Village, village.id)[1] == _python_view(village)[1]
    home = pins.nearest_tambon(lat, lon)  # the village moves to the tambon the pin is in:
    village.subdistrict_code = home  # its listing's pin is no longer in another province
    db.session.commit()
    assert not listing.pin_other_province and not village.pin_other_province
    assert "place" not in _sql_view(Listing, listing.id)[1] == _python_view(listing)[1]
