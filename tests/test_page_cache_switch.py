"""The whole-page cache switch (``PAGE_CACHE``) and the ``X-Page-Cache`` header load tests count."""

from __future__ import annotations

import pytest

from cdd_click import catalog, create_app
from cdd_click.config import settings


@pytest.fixture
def home_renders(monkeypatch) -> list[int]:
    """One entry per time the home page view really ran (a cache hit does not run it)."""
    runs: list[int] = []
    featured = catalog.featured_villages

    def counting(*args, **kwargs):
        runs.append(1)
        return featured(*args, **kwargs)

    monkeypatch.setattr(catalog, "featured_villages", counting)
    return runs


def test_with_the_cache_on_a_second_get_is_a_hit(app, home_renders):
    client = app.test_client()
    first, second = client.get("/"), client.get("/")
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.get_data() == first.get_data()
    assert len(home_renders) == 1


def test_with_the_cache_off_every_get_renders_and_none_says_hit(app, home_renders):
    uncached = create_app({**app.config, "PAGE_CACHE": False})
    client = uncached.test_client()
    for _ in range(3):
        response = client.get("/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers
    assert len(home_renders) == 3


def test_a_page_the_cache_does_not_store_has_no_header(app):
    client = app.test_client()
    for _ in range(2):
        missing = client.get("/villages/no-such-village")
        assert missing.status_code == 404
        assert "X-Page-Cache" not in missing.headers
    assert "X-Page-Cache" not in client.get("/healthz").headers


@pytest.mark.parametrize(("value", "on"), [(None, True), ("1", True), ("0", False)])
def test_page_cache_is_read_from_the_environment(monkeypatch, tmp_path, value, on):
    if value is None:
        monkeypatch.delenv("PAGE_CACHE", raising=False)
    else:
        monkeypatch.setenv("PAGE_CACHE", value)
    assert settings(tmp_path, {"SECRET_KEY": "x"})["PAGE_CACHE"] is on
