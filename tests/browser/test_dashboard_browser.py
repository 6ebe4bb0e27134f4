"""The dashboard and the to-do list on a 390 × 844 phone: nothing wider than the screen, and a
table sorted by tapping a column header (issue 23)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from conftest import STAFF_PASSWORD, start_site  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from cdd_click import accounts, create_app  # noqa: E402
from cdd_click.extensions import db  # noqa: E402

WIDER_THAN_SCREEN = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
    .map(e => e.tagName + '.' + e.className);
  // nor a box that scrolls sideways inside the page (a table in an overflow-x: auto box)
  const scrollers = [...document.querySelectorAll('body *')].filter(e =>
    e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 &&
    ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).map(e => e.tagName);
  return [document.scrollingElement.scrollWidth, width, wide.slice(0, 5).concat(scrollers)];
}"""


@pytest.fixture(scope="module")
def admin_site(databases, tmp_path_factory):
    """The shipped content served with an admin (the national dashboard: 77 provinces)."""
    url = databases.clone()
    folder = tmp_path_factory.mktemp("dashboard")
    base, server = start_site(url, folder, {})
    app = create_app({"SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": str(folder / "index"),
                      "MEDIA_DIR": str(folder / "media")})
    with app.app_context():
        accounts.create_user("admin@cdd.go.th", STAFF_PASSWORD, "admin")
        db.session.remove()
        db.engine.dispose()
    yield base
    server.shutdown()


def _fits(page) -> None:
    scroll, width, wide = page.evaluate(WIDER_THAN_SCREEN)
    assert scroll <= width and not wide, (page.url, scroll, width, wide)


def test_dashboard_and_to_do_fit_a_phone_and_sort_by_a_tap(offline_page, admin_site):
    page = offline_page
    page.goto(f"{admin_site}/admin/login")
    page.get_by_label("อีเมล").fill("admin@cdd.go.th")
    page.get_by_label("รหัสผ่าน").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("h1")).to_have_text("แผงควบคุม")
    _fits(page)

    page.goto(f"{admin_site}/admin/dashboard")
    table = page.locator("table.is-sortable").first  # enhanced by tables.js
    expect(table).to_be_visible()
    _fits(page)
    names = table.locator("tbody th[scope=row]")
    first_before = names.first.text_content()
    header = table.locator("thead th").nth(2)  # villages
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    counts = [int(t) for t in table.locator("tbody tr td:nth-of-type(2)").all_text_contents()]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert names.first.text_content() != first_before  # the weakest first no longer
    _fits(page)

    page.goto(f"{admin_site}/admin/todo")
    expect(page.locator("td[data-label='ยังขาด']").first).to_be_visible()
    _fits(page)
