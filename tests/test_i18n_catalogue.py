"""Every UI string has an English translation, and English pages really are English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "cdd_click" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_message_in_the_source_has_an_english_translation(tmp_path):
    """Extract the strings from the code as it is now; each must be translated."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
         str(ROOT / "cdd_click" / "translations" / "babel.cfg"), "-k", "_l", "-k",
         "lazy_gettext", "--no-location", "--omit-header", "-o", str(pot), str(ROOT)],
        check=True, capture_output=True, cwd=ROOT)
    with pot.open(encoding="utf-8") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    with CATALOGUE.open(encoding="utf-8") as handle:
        english = {m.id: m.string for m in read_po(handle) if m.id}
    missing = sorted(m for m in wanted if not english.get(m))
    assert missing == []
    assert (CATALOGUE.with_suffix(".mo")).stat().st_mtime >= CATALOGUE.stat().st_mtime - 1


def test_english_pages_are_english_and_link_both_ways(site_client):
    page = site_client.get("/en/villages/ban-mae-kampong").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Villages" in page and "หมู่บ้านแนะนำ" not in page
    assert '<h1>Ban Mae Kampong' in page
    assert 'hreflang="th" href="http://localhost/villages/ban-mae-kampong"' in page
    assert 'href="/villages/ban-mae-kampong" hreflang="th" lang="th">ภาษาไทย</a>' in page
    assert "Moo 3, Huai Kaeo, Mae On, Chiang Mai" in page
    thai = site_client.get("/villages/ban-mae-kampong").get_data(as_text=True)
    assert 'href="/en/villages/ban-mae-kampong" hreflang="en" lang="en">English</a>' in thai


def test_shipped_articles_read_in_english_on_english_pages(site_client):
    page = site_client.get("/en/articles/what-is-otop").get_data(as_text=True)
    assert '<div class="prose">' in page and '<div class="prose" lang="th">' not in page
    thai = site_client.get("/articles/what-is-otop").get_data(as_text=True)
    assert '<div class="prose">' in thai  # Thai text on a Thai page needs no mark
    categories = site_client.get("/en/articles/").get_data(as_text=True)
    assert ">Local wisdom</a>" in categories and ">ภูมิปัญญาท้องถิ่น<" not in categories
    # Thai shown on an English page for want of English is marked: see
    # test_content_loader.py::test_english_bodies_and_highlights_load_show_on_english_pages…


def test_language_switch_keeps_the_query(site_client):
    page = site_client.get("/search?q=silk&type=listing").get_data(as_text=True)
    assert 'href="/en/search?q=silk&amp;type=listing"' in page


def test_english_dates_are_gregorian_and_thai_dates_buddhist(site_client):
    assert "21 November 2026" in site_client.get("/en/articles/").get_data(as_text=True)
    assert "21 พฤศจิกายน 2569" in site_client.get("/articles/").get_data(as_text=True)
