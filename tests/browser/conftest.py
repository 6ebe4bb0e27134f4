"""Browser tests: Debian's Chromium driven by Playwright against a live server on 127.0.0.1.

Run with ``make test-browser`` (needs ``apt-get install chromium`` and the ``browser`` extra).
Playwright's own browser download is never used: the launch points at /usr/bin/chromium.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from cdd_click import accounts, create_app, search
from cdd_click.config import CONTENT_DIR
from cdd_click.content import load_content
from cdd_click.extensions import db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
STAFF_PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "th-TH",
            "service_workers": "block"}


def start_site(database_url: str, folder, editors: dict[str, list[str]]):
    """The shipped content with ``editors`` (e-mail -> provinces), served by a real HTTP server
    in a thread; returns (base URL, server to shut down)."""
    app = create_app({"SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": database_url,
                      "SEARCH_INDEX_DIR": str(folder / "index"),
                      "MEDIA_DIR": str(folder / "media")})
    with app.app_context():
        load_content(CONTENT_DIR)
        search.rebuild_index()
        for email, provinces in editors.items():
            accounts.create_user(email, STAFF_PASSWORD, "editor", provinces)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["SITE_URL"] = f"http://127.0.0.1:{server.server_port}"  # absolute URLs: this server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app.config["SITE_URL"], server


@pytest.fixture(scope="session")
def live_server(databases, tmp_path_factory):
    """The shipped site, shared by the session's browser tests; yields its base URL."""
    base, server = start_site(databases.clone(), tmp_path_factory.mktemp("live"),
                              {"cm@cdd.go.th": ["50"], "ks@cdd.go.th": ["46"]})
    yield base
    server.shutdown()


@pytest.fixture
def offline_page(page):
    """A page whose context may reach 127.0.0.1 only; every other request is recorded, refused."""
    from urllib.parse import urlparse

    refused: list[str] = []

    def only_local(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_local)
    page.refused = refused
    return page
