"""Production behaviour: health checks, request ids, HTTP caching, shared media, outbox sync."""

from __future__ import annotations

import io
import time

from PIL import Image
from sqlalchemy import select

from cdd_click import create_app, photos, search
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.models import IndexChange, MediaBlob, Village


def test_healthz_and_readyz(site, site_client):
    assert site_client.get("/healthz").get_json() == {"status": "ok"}
    # No index yet: not ready, and the index is built in the background, not in the request.
    ready = site_client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["search_index"].startswith("unavailable")
    site.extensions["cdd_search"].repair_thread.join(60)
    ready = site_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"] == {"database": "ok", "search_index": "ok"}


def test_database_down_gives_thai_503_and_not_ready(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SEARCH_INDEX_DIR": str(tmp_path / "i"),
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 1}}})
    client = app.test_client()
    page = client.get("/villages/")
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in text and "Traceback" not in text
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200


def test_request_ids(site_client):
    generated = site_client.get("/").headers["X-Request-ID"]
    assert len(generated) == 32
    given = site_client.get("/", headers={"X-Request-ID": "lb-1234"}).headers["X-Request-ID"]
    assert given == "lb-1234"


def test_pages_have_etags_and_answer_304(site_client):
    first = site_client.get("/villages/ban-mae-kampong")
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = site_client.get("/villages/ban-mae-kampong", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_compressed_pages_have_their_own_etags_and_answer_304(site_client):
    """The ETag is taken over the body as sent: a Brotli page and a gzip page differ, and each
    revalidates to a 304 with no body."""
    tags = {}
    for encoding in ("br", "gzip"):
        first = site_client.get("/villages/ban-mae-kampong", headers={"Accept-Encoding": encoding})
        assert first.headers["Content-Encoding"] == encoding
        tags[encoding] = first.headers["ETag"]
        again = site_client.get("/villages/ban-mae-kampong", headers={
            "Accept-Encoding": encoding, "If-None-Match": tags[encoding]})
        assert again.status_code == 304 and again.data == b""
    assert tags["br"] != tags["gzip"]


def test_static_files_are_fingerprinted_and_cached_for_a_year(site_client):
    page = site_client.get("/").get_data(as_text=True)
    import re

    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = site_client.get(css)
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


def test_responses_are_compressed(site_client):
    response = site_client.get("/villages/ban-mae-kampong", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_photos_can_live_in_the_database(app, content_tree):
    app.config["MEDIA_STORE"] = "database"
    content_tree.village()
    load_content(content_tree.root)
    village = db.session.scalar(select(Village))
    image = io.BytesIO()
    Image.new("RGB", (700, 500), (10, 90, 60)).save(image, "PNG")
    photo = photos.add_photo(village, image.getvalue(), "ภาพทดสอบ")
    assert db.session.get(MediaBlob, photo.filename(480)) is not None
    served = app.test_client().get(f"/media/{photo.filename(480)}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    photos.delete_photo(photo)
    assert db.session.get(MediaBlob, photo.filename(480)) is None


def test_every_change_is_in_the_outbox_and_a_second_machine_catches_up(app, content_tree,
                                                                      tmp_path):
    content_tree.village()
    load_content(content_tree.root)
    search.rebuild_index()
    other = create_app({**app.config, "SEARCH_INDEX_DIR": str(tmp_path / "machine-b")})
    with other.app_context():  # machine B builds its own copy from the database
        assert search.rebuild_index() == 1
        db.session.remove()
    from cdd_click import publishing

    village = db.session.scalar(select(Village))
    publishing.save(village, {"title": "บ้านผาแดงทดสอบ"}, None, village.version)
    assert db.session.scalar(select(IndexChange.item_id).order_by(IndexChange.id.desc())) \
        == village.id
    with other.app_context():
        assert not search.is_caught_up()
        # B's first search starts B's catch-up (it waits SEARCH_CATCH_UP_WAIT for it, then
        # answers from the index as it is); on a busy machine the catch-up may finish later
        other.test_client().get("/api/v1/search?q=ผาแดงทดสอบ")
        deadline = time.monotonic() + 10
        while not search.is_caught_up() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert search.is_caught_up()
        hits = other.test_client().get("/api/v1/search?q=ผาแดง").get_json()  # the new name
        assert [r["slug"] for r in hits["results"]] == ["ban-test"]
        db.session.remove()


def test_caches_can_be_shared_through_redis(app, monkeypatch, tmp_path):
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        import pytest

        pytest.skip("no Redis server on 127.0.0.1:6379")
    monkeypatch.setenv("CACHE_REDIS_URL", "redis://127.0.0.1:6379/15")
    from cdd_click.extensions import cache

    settings = {k: v for k, v in app.config.items() if not k.startswith("CACHE_")}
    first = create_app({**settings, "SEARCH_INDEX_DIR": str(tmp_path / "a")})
    second = create_app({**settings, "SEARCH_INDEX_DIR": str(tmp_path / "b")})
    assert first.config["CACHE_TYPE"] == "RedisCache"
    with first.app_context():
        cache.set("shared-key", "สวัสดี")
    with second.app_context():
        assert cache.get("shared-key") == "สวัสดี"
        cache.delete("shared-key")


def test_hsts_over_https_only(client):
    for path in ("/healthz", "/no-such-page"):
        secure = client.get(path, base_url="https://localhost")
        assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert "Strict-Transport-Security" not in client.get(path).headers


def test_outbox_rows_committed_out_of_id_order_reach_every_machine(app, content_tree, tmp_path):
    """Two transactions: A takes an outbox id first and commits last. Without serialised outbox
    writers, a catch-up between the two commits records B's id and skips A's change forever."""
    import threading

    import pytest

    from cdd_click import publishing

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers itself; sequence ids are a PostgreSQL matter")
    content_tree.village()
    content_tree.village("ban-two", title="บ้านสองทดสอบ")
    load_content(content_tree.root)
    search.rebuild_index()
    machine = create_app({**app.config, "SEARCH_INDEX_DIR": str(tmp_path / "machine-b")})
    with machine.app_context():
        search.rebuild_index()
        db.session.remove()
    first, second = (db.session.scalar(select(Village).where(Village.slug == slug))
                     for slug in ("ban-test", "ban-two"))
    first.summary = "ผ้าย้อมคราม alphaword"  # transaction A: outbox row flushed, not committed
    search.record_change(first)
    db.session.flush()

    def transaction_b():
        with app.app_context():
            other = db.session.scalar(select(Village).where(Village.slug == "ban-two"))
            publishing.save(other, {"summary": "ผ้าทอ betaword"}, None, other.version)
            db.session.remove()

    writer_b = threading.Thread(target=transaction_b)
    writer_b.start()
    writer_b.join(1.0)
    with machine.app_context():  # a catch-up while A is still open
        search.catch_up()
        db.session.remove()
    db.session.commit()  # A commits last
    writer_b.join(30)
    assert second.id  # both rows exist
    with machine.app_context():
        client = machine.test_client()
        for word, slug in (("alphaword", "ban-test"), ("betaword", "ban-two")):
            hits = client.get(f"/api/v1/search?q={word}").get_json()["results"]
            assert [hit["slug"] for hit in hits] == [slug], word
        db.session.remove()
