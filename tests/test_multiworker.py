"""Several real gunicorn processes on loopback sharing one database, each machine its own index."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from servers import free_port, start_gunicorn
from sqlalchemy import select

from cdd_click import accounts
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.models import Listing

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


class Machine:
    """One gunicorn master with two workers and its own search index directory."""

    def __init__(self, app, index_dir: Path, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                    "SECRET_KEY": app.config["SECRET_KEY"], "SEARCH_INDEX_DIR": str(index_dir),
                    "MEDIA_DIR": str(index_dir.parent / "media"), "PORT": str(self.port),
                    "WEB_CONCURRENCY": "2", "GUNICORN_ACCESS_LOG": "/dev/null"}
        self.log = log.open("w")
        self.process = start_gunicorn(self.env, self.log)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> tuple[str, str]:
        """The path the answer ended on after its redirects, and its page."""
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, body, timeout=20) as response:
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def token(self, path: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                         self.get(path)).group(1)

    def search(self, query: str) -> dict:
        return json.loads(self.get("/api/v1/search?" + urllib.parse.urlencode({"q": query})))

    def finds(self, query: str, slug: str) -> bool:
        return slug in [result["slug"] for result in self.search(query)["results"]]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


@pytest.fixture
def machines(app, content_tree, tmp_path):
    content_tree.village()
    content_tree.listing("draft-viewpoint", title="จุดชมวิวผาหมอกทดสอบ", kind="attraction",
                         category=None, otop_stars=None, status="draft")
    load_content(content_tree.root)
    accounts.create_user("cm@cdd.go.th", PASSWORD, "editor", ["50"])
    db.session.remove()
    pair = [Machine(app, tmp_path / name / "index", tmp_path / f"{name}.log")
            for name in ("a", "b")]
    yield pair
    for machine in pair:
        machine.stop()


def test_publish_on_one_machine_is_found_on_the_other_within_two_seconds(app, machines):
    a, b = machines
    assert not b.finds("ผาหมอกทดสอบ", "draft-viewpoint")  # B built its index: no draft in it
    landed, _page = a.post("/admin/login", {"email": "cm@cdd.go.th", "password": PASSWORD,
                                            "csrf_token": a.token("/admin/login")})
    assert landed == "/admin/", landed  # signed in
    listing = db.session.scalar(select(Listing).where(Listing.slug == "draft-viewpoint"))
    edit = f"/admin/listings/{listing.id}/edit"
    landed, page = a.post(f"/admin/listings/{listing.id}/status/published",
                          {"csrf_token": a.token(edit), "version": listing.version})
    assert landed == edit and "เปลี่ยนสถานะแล้ว" in page, landed
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).status == "published"
    published = time.monotonic()
    while not b.finds("ผาหมอกทดสอบ", "draft-viewpoint"):
        assert time.monotonic() - published < 2.0, "machine B did not see the publish in 2 s"
        time.sleep(0.05)
    assert a.finds("ผาหมอกทดสอบ", "draft-viewpoint")
    for machine in (a, b):
        assert json.loads(machine.get("/readyz"))["checks"]["search_index"] == "ok"


KILLED_WRITER = """
import os, sys, time
from cdd_click import create_app, publishing, search
from cdd_click.extensions import db
from cdd_click.models import Listing
from whoosh.writing import SegmentWriter

app = create_app()
with app.app_context():
    search.rebuild_index() if search._index().live_dir() is None else None
    listing = db.session.scalar(db.select(Listing).where(Listing.slug == "draft-viewpoint"))
    original = SegmentWriter.commit
    def stalled_commit(self, *args, **kwargs):
        print("WRITING", flush=True)
        time.sleep(60)  # killed here, halfway through the index update
    SegmentWriter.commit = stalled_commit
    publishing.save(listing, {"status": "published"}, None, listing.version)
"""


def test_a_writer_killed_mid_update_loses_no_document(app, machines, tmp_path):
    a, b = machines
    b.search("ตั้งต้น")  # B's index exists and is up to date
    env = {**b.env}
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert writer.stdout.readline().strip() == "WRITING"  # committed to the database, indexing
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    # B's workers take the lock the dead writer held and apply the change it never indexed,
    # in the background: a search wakes the catch-up and never waits for the lock itself
    killed = time.monotonic()
    while not b.finds("ผาหมอกทดสอบ", "draft-viewpoint"):
        assert time.monotonic() - killed < 3.0, "machine B did not apply the change in 3 s"
        time.sleep(0.05)


def test_deleted_index_directory_is_rebuilt(app, machines):
    import shutil

    a, b = machines
    assert b.finds("บ้านทดสอบ", "ban-test")
    shutil.rmtree(b.env["SEARCH_INDEX_DIR"])
    assert b.finds("บ้านทดสอบ", "ban-test")
    log = Path(b.log.name).read_text()
    assert "rebuilding from the database" in log
