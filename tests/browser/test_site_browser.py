"""Phone-size journeys in both languages: search, open, switch language, share, print a poster."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402


@pytest.mark.parametrize(("prefix", "query", "button", "switch", "title"), [
    ("", "แม่กำปอง", "ค้นหา", "English", "Ban Mae Kampong"),
    ("/en", "Mae Kampong", "Search", "ภาษาไทย", "บ้านแม่กำปอง"),
])
def test_search_open_switch_language_share(offline_page, live_server, prefix, query, button,
                                           switch, title):
    page = offline_page
    page.goto(f"{live_server}{prefix}/")
    page.locator("main input[name=q]").fill(query)
    page.locator("main form[role=search]").get_by_role("button", name=button).click()
    page.locator(".hits a").first.click()
    expect(page).to_have_url(f"{live_server}{prefix}/villages/ban-mae-kampong")
    expect(page.locator(".share-line")).to_have_attribute(
        "href", f"https://social-plugins.line.me/lineit/share?url=http%3A//127.0.0.1%3A"
        f"{live_server.rsplit(':', 1)[1]}{prefix}/villages/ban-mae-kampong")
    expect(page.locator("button.copy-link")).to_be_visible()
    page.get_by_role("link", name=switch).click()
    expect(page.locator("h1")).to_contain_text(title)
    expect(page).to_have_url(f"{live_server}{'' if prefix else '/en'}/villages/ban-mae-kampong")


def test_qr_poster_renders(offline_page, live_server):
    page = offline_page
    page.goto(f"{live_server}/villages/ban-mae-kampong")
    page.locator(".poster-link").click()
    expect(page.locator("svg.qr")).to_be_visible()
    box = page.locator("svg.qr").bounding_box()
    assert box["width"] > 200
    expect(page.locator("h1")).to_have_text("บ้านแม่กำปอง")
