"""The service worker, run for real in Chromium: public pages stay readable offline (the first page
of a visit too, and whatever "save for offline" stored), seen map tiles stay within their cap,
while admin pages and API answers are never put in its cache."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("playwright")
from conftest import start_site  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

STATIC = Path(__file__).resolve().parents[2] / "static"

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) { urls.push(new URL(request.url).pathname); }
  }
  return urls;
}"""


def test_service_worker_caches_public_pages_and_never_admin_or_api(browser, live_server):
    context = browser.new_context(service_workers="allow", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/")
        page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        # clients.claim() on activation: this page is controlled without a reload
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10_000)
        for path in ("/villages/ban-mae-kampong", "/admin/login", "/en/admin/login",
                     "/%61dmin/login", "//admin/login", "/en//admin/login", "/healthz",
                     "/api/v1/search?q=กาแฟ", "/api/v1/openapi.json"):
            page.goto(f"{live_server}{path}")
        page.goto(f"{live_server}/")
        page.wait_for_timeout(500)  # the worker stores its copies asynchronously
        cached = page.evaluate(CACHED_URLS)
    finally:
        context.close()
    assert "/villages/ban-mae-kampong" in cached and "/offline" in cached, cached
    assert not [url for url in cached if "dmin" in url or "/api/" in url or "healthz" in url
                or "//" in url], cached


def worker_context(browser):
    """A phone-sized context in which service workers run (the session default blocks them)."""
    return browser.new_context(service_workers="allow", viewport={"width": 390, "height": 844})


WORKER_IN_CONTROL = """() => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error("no service worker controls the page")), 10000);
  if (navigator.serviceWorker.controller) { resolve(); }
  navigator.serviceWorker.addEventListener("controllerchange", resolve);
})"""


def wait_for_worker(page) -> None:
    """Until the worker controls the page (clients.claim() on activation). No wait_for_function:
    the site's CSP forbids the eval it uses while polling."""
    page.evaluate(WORKER_IN_CONTROL)


def wait_until_cached(page, path: str, seconds: float = 10) -> None:
    """Give the worker's asynchronous saving time to finish (no assertion: the test's own
    offline check is the proof)."""
    for _ in range(int(seconds * 5)):
        if path in page.evaluate(CACHED_URLS):
            return
        page.wait_for_timeout(200)


PAPER = "rgb(251, 250, 246)"  # the page background of site.css: the styles were there too


@pytest.mark.parametrize("path", ["/villages/ban-mae-kampong", "/en/villages/ban-mae-kampong"])
def test_the_first_page_of_a_visit_reads_offline_after_one_load(browser, live_server, path):
    """A village opened from a LINE link: the page loaded before any worker controlled it."""
    context = worker_context(browser)
    page = context.new_page()
    try:
        page.goto(f"{live_server}{path}")
        wait_for_worker(page)
        wait_until_cached(page, path)
        context.set_offline(True)
        page.reload()
        expect(page.locator("h1")).to_contain_text("Mae Kampong" if "/en/" in path
                                                   else "บ้านแม่กำปอง")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        context.close()
    assert background == PAPER


def test_save_for_offline_stores_the_villages_listings_and_map(browser, live_server):
    context = worker_context(browser)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/villages/ban-mae-kampong")
        wait_for_worker(page)
        urls = page.locator(".save-offline").get_attribute("data-urls").split()
        assert len(urls) >= 7  # the village, its map document and its listings (five shipped;
        # other browser tests of the session may add one)
        page.get_by_role("button", name="บันทึกไว้ดูออฟไลน์").click()
        expect(page.locator(".save-offline-status")).to_contain_text(
            f"บันทึกแล้ว {len(urls)} หน้า", timeout=15_000)
        context.set_offline(True)
        page.goto(f"{live_server}/listings/mae-kampong-waterfall")  # never opened
        expect(page.locator("h1")).to_contain_text("น้ำตกแม่กำปอง")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == PAPER
        page.goto(f"{live_server}/maps/villages/ban-mae-kampong")  # Leaflet came with it
        expect(page.locator(".leaflet-marker-icon").first).to_be_attached()
    finally:
        context.close()


@pytest.mark.parametrize("blocked", ["", "delete Navigator.prototype.serviceWorker;"])
def test_the_save_button_needs_a_service_worker(browser, live_server, blocked):
    """Progressive enhancement: no button where there is no worker to do the saving (an old
    browser, or workers blocked as in the session's default context)."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(blocked)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/villages/ban-mae-kampong")
        page.wait_for_timeout(1000)
        expect(page.locator(".save-offline")).to_be_hidden()
    finally:
        context.close()


class TileServer(ThreadingHTTPServer):
    """A tile server on another origin (another port) that answers every path with one PNG."""

    def __init__(self):
        png = (STATIC / "img" / "blank-tile.png").read_bytes()
        self.asked: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler):  # noqa: N805
                self.asked.append(handler.path)
                handler.send_response(200)
                handler.send_header("Content-Type", "image/png")
                handler.send_header("Access-Control-Allow-Origin", "*")
                handler.end_headers()
                handler.wfile.write(png)

            def log_message(handler, *args):  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def tile_site(databases, tmp_path_factory):
    """The shipped site whose TILE_URL points at a local tile server; yields (base URL, tiles)."""
    tiles = TileServer()
    threading.Thread(target=tiles.serve_forever, daemon=True).start()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TILE_URL", f"http://127.0.0.1:{tiles.server_port}/{{z}}/{{x}}/{{y}}.png")
        base, server = start_site(databases.clone(), tmp_path_factory.mktemp("tiles"), {})
    yield base, tiles
    server.shutdown()
    tiles.shutdown()


TILE_CACHE = """async () => {
  const source = await (await fetch("/sw.js")).text();
  const name = source.match(/var TILES = "([^"]+)"/)[1];
  const limit = Number(source.match(/var TILE_LIMIT = (\\d+)/)[1]);
  const keys = await (await caches.open(name)).keys();
  return {name, limit, urls: keys.map((request) => request.url)};
}"""

FILL_TILE_CACHE = """async ({name, limit, origin}) => {
  const cache = await caches.open(name);
  for (let i = 0; i < limit; i++) {
    await cache.put(`${origin}/old/${i}.png`, new Response("old tile"));
  }
}"""


def test_seen_tiles_are_kept_in_a_bounded_cache(browser, tile_site):
    """A full tile cache (TILE_LIMIT tiles) takes the map's new tiles by dropping its oldest,
    and the tiles seen stay on the map offline."""
    base, tiles = tile_site
    origin = f"http://127.0.0.1:{tiles.server_port}"
    context = worker_context(browser)
    page = context.new_page()
    try:
        page.goto(f"{base}/villages/ban-mae-kampong")
        wait_for_worker(page)
        cache = page.evaluate(TILE_CACHE)
        page.evaluate(FILL_TILE_CACHE, {**cache, "origin": origin})
        page.reload()
        page.locator("iframe.map-frame").scroll_into_view_if_needed()
        frame = page.frame_locator("iframe.map-frame")
        expect(frame.locator(".leaflet-tile-loaded").first).to_be_attached(timeout=10_000)
        seen = tiles.asked[:]
        for _ in range(100):  # the worker stores and trims after answering
            urls = page.evaluate(TILE_CACHE)["urls"]
            if all(f"{origin}{path}" in urls for path in seen) and len(urls) <= cache["limit"]:
                break
            page.wait_for_timeout(200)
        context.set_offline(True)
        page.reload()
        page.locator("iframe.map-frame").scroll_into_view_if_needed()
        expect(frame.locator(".leaflet-tile-loaded").first).to_be_attached(timeout=10_000)
    finally:
        context.close()
    assert seen and all(f"{origin}{path}" in urls for path in seen), (seen, urls[-5:])
    assert len(urls) <= cache["limit"], len(urls)
    assert f"{origin}/old/0.png" not in urls  # the oldest went first
    assert f"{origin}/old/{cache['limit'] - 1}.png" in urls or len(seen) >= cache["limit"]
