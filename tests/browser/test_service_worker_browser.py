"""The service worker, run for real in Chromium: public pages stay readable offline, while admin
pages and API answers are never put in its cache."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")

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
                     "/api/v1/search?q=กาแฟ", "/api/v1/openapi.json"):
            page.goto(f"{live_server}{path}")
        page.goto(f"{live_server}/")
        page.wait_for_timeout(500)  # the worker stores its copies asynchronously
        cached = page.evaluate(CACHED_URLS)
    finally:
        context.close()
    assert "/villages/ban-mae-kampong" in cached and "/offline" in cached, cached
    assert not [url for url in cached if "/admin" in url or "/api/" in url], cached
