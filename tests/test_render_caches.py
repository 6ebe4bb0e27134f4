"""What item pages keep between requests to render cheaply, kept per language and per setting.

Each cache here is shared by every request a worker serves, so each test asks in one language,
then the other, then the first again: a cache keyed too loosely shows one language's answer in the
other.
"""

from __future__ import annotations

import re

from cdd_click import config
from cdd_click.i18n import Label
from cdd_click.vocabulary import KIND_LABELS

VILLAGE = "/villages/ban-mae-kampong"
PRODUCT = "/listings/phrae-wa-silk-ban-phon"


def _nav(page: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    return re.findall(r'href="([^"]+)"', nav)


def test_repeated_urls_follow_the_page_language(site_client):
    thai_first = site_client.get(VILLAGE).get_data(as_text=True)
    english = site_client.get("/en" + VILLAGE).get_data(as_text=True)
    thai_again = site_client.get(VILLAGE).get_data(as_text=True)
    assert _nav(thai_first) == _nav(thai_again)
    assert _nav(thai_first) and all(not href.startswith("/en/") for href in _nav(thai_first))
    assert _nav(english) == ["/en" + href for href in _nav(thai_first)]
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', thai_again).group(1)
    assert f'href="/en{css}"' in english and f'href="{css}"' in thai_first
    assert 'content="http://localhost/en/static/img/og-default.png?v=' in english
    assert 'content="http://localhost/static/img/og-default.png?v=' in thai_again


def test_labels_are_shown_in_the_page_language(site_client):
    english = site_client.get("/en" + PRODUCT).get_data(as_text=True)
    thai = site_client.get(PRODUCT).get_data(as_text=True)
    assert '<p class="badge">OTOP products' in english
    assert '<p class="badge">ผลิตภัณฑ์ OTOP' in thai
    assert "ผลิตภัณฑ์ OTOP" not in re.sub(r"<script.*?</script>", "", english, flags=re.S)


def test_labels_outside_a_request_are_thai_and_any_language_on_demand(app):
    label = KIND_LABELS["otop_product"]
    assert isinstance(label, Label)
    assert str(label) == "ผลิตภัณฑ์ OTOP"
    assert label.in_locale("en") == "OTOP products"
    assert label.in_locale("th") == "ผลิตภัณฑ์ OTOP"
    assert str(label.__html__()) == "ผลิตภัณฑ์ OTOP"


def test_prices_are_formatted_per_language(site_client, app):
    from cdd_click.i18n import format_baht, format_price_range

    assert format_price_range(150, 1300, "th") == "฿150–฿1,300"
    assert format_baht(1300, "en") == "THB1,300"
    assert format_baht(1300, "th") == "฿1,300"


def test_only_a_database_server_gets_connections_pinged(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "x.sqlite3"))
    assert config.settings(tmp_path, {"SECRET_KEY": "x"})[
        "SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": False}
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db.example/cdd")
    assert config.settings(tmp_path, {"SECRET_KEY": "x"})[
        "SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}
    monkeypatch.delenv("DATABASE_URL")
    overridden = config.settings(tmp_path, {
        "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db.example/cdd"})
    assert overridden["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


def _statements(app, client, url: str) -> list[str]:
    from sqlalchemy import event

    from cdd_click.extensions import db

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    engine = db.engines[None] if hasattr(db, "engines") else db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


def test_item_pages_ask_the_database_a_fixed_number_of_times(site, site_client):
    """The listing (with its village, place and photo count) and its village's other listings;
    the village (with its place and photo count) and its listings: one statement each, however
    many listings or villages there are. Photos cost a third statement only when there are any,
    whatever their number, and the cards' first photos a fourth, only when a card has one."""
    import io

    from PIL import Image
    from sqlalchemy import select

    from cdd_click import photos
    from cdd_click.extensions import db
    from cdd_click.models import Listing, Village

    site.config["PAGE_CACHE"] = False
    listings, villages = (PRODUCT, "/en" + PRODUCT, "/listings/mae-kampong-homestay"), \
        (VILLAGE, "/en" + VILLAGE)
    for url in (*listings, *villages):
        assert len(_statements(site, site_client, url)) == 2, url
    image = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 140, 60)).save(image, "JPEG")
    for model, slug in ((Listing, PRODUCT.rsplit("/", 1)[1]), (Village, VILLAGE.rsplit("/", 1)[1]),
                        (Listing, "mae-kampong-homestay")):
        item = db.session.scalar(select(model).where(model.slug == slug))
        for alt in ("ภาพแรก", "ภาพที่สอง"):
            photos.add_photo(item, image.getvalue(), alt)
    for url in (*listings, *villages):
        page = site_client.get(url).get_data(as_text=True)
        assert 'alt="ภาพแรก"' in page and 'alt="ภาพที่สอง"' in page, url
        # the village page also shows the first photo of its listings' cards (the homestay's
        # now): one more statement, however many cards have photos
        expected = 4 if url in villages else 3
        assert len(_statements(site, site_client, url)) == expected, url


def test_template_urls_are_url_for_s_in_both_languages(app):
    """Whatever the template helper builds from its stored pieces is what url_for builds, for
    every route of the site, with code-like values and others, twice (stored, then reused)."""
    from flask import url_for

    from cdd_click.urls import template_url_for

    values = ["ban-mae-kampong", "otop_product", "50", "A B", "ผ้าไหม", "x.y", "7"]
    cases = [("static", {"filename": "css/site.css"})]
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        names = sorted(rule.arguments)
        if len(names) > 1:
            continue
        name = names[0] if names else "page"
        cases += [(rule.endpoint, {name: value}) for value in values]
        cases.append((rule.endpoint, {}))
    for script_root in ("", "/en"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": script_root}):
            for _ in range(2):
                for endpoint, given in cases:
                    try:
                        expected = url_for(endpoint, **given)
                    except Exception as problem:  # noqa: BLE001 - the helper must fail alike
                        try:
                            template_url_for(endpoint, **given)
                        except type(problem):
                            continue
                        raise AssertionError((endpoint, given)) from None
                    assert template_url_for(endpoint, **given) == expected, (endpoint, given)
    assert len(cases) > 100
