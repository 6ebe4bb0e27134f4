"""A database restored from a backup, or another database, never leaves search silently stale
(issue 22, item 3).

Backups and restores are done as an operator does them, outside the app: on SQLite a copy of
the database file (engine disposed, as when the site is stopped); on PostgreSQL a
``CREATE DATABASE … TEMPLATE`` copy, and the restore drops the database and creates it again
from the copy (``pg_restore`` into a fresh database gives the same state: the same rows,
identity and sequence position).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from cdd_click import create_app, search
from cdd_click.extensions import db
from cdd_click.models import SiteSetting, Village
from cdd_click.models.settings import IDENTITY
from cdd_click.search import sync
from tests.admin_helpers import build_site, edit_data, login

BEFORE = ("มะลิวัลย์", "ลำดวนหอม", "จำปีทองคำ")  # published between the backup and the restore
AFTER = "กุหลาบมอญ"  # published after the restore
REBUILD_DEADLINE = 180.0  # a rebuild runs in a separate process, on two busy cores


class Backups:
    """Operator-style copies of the test database, outside the app."""

    def __init__(self, url: str, folder: Path):
        self.url = make_url(url)
        self.folder = folder
        self.postgres = self.url.get_backend_name() == "postgresql"
        self.copies: list[str] = []

    def _admin(self, sql: str) -> None:
        engine = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(sql))
        engine.dispose()

    def _files(self, base: Path) -> list[Path]:
        return [Path(f"{base}{suffix}") for suffix in ("", "-wal")]

    def backup(self, name: str) -> None:
        _disconnect()
        if self.postgres:
            copy = f"{self.url.database}_{name}"
            self._admin(f'CREATE DATABASE "{copy}" TEMPLATE "{self.url.database}"')
            self.copies.append(copy)
            return
        for live, saved in zip(self._files(Path(self.url.database)),
                               self._files(self.folder / f"{name}.sqlite3"), strict=True):
            if live.exists():
                shutil.copy(live, saved)

    def restore(self, name: str) -> None:
        _disconnect()
        if self.postgres:
            self._admin(f'DROP DATABASE "{self.url.database}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.url.database}" '
                        f'TEMPLATE "{self.url.database}_{name}"')
            return
        live_files = self._files(Path(self.url.database))
        Path(f"{self.url.database}-shm").unlink(missing_ok=True)
        for live, saved in zip(live_files, self._files(self.folder / f"{name}.sqlite3"),
                               strict=True):
            live.unlink(missing_ok=True)
            if saved.exists():
                shutil.copy(saved, live)

    def finish(self) -> None:
        for copy in self.copies:
            self._admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def _disconnect() -> None:
    """What stopping the site does to the database: every pooled connection closed."""
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def backups(app, tmp_path):
    copies = Backups(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    yield copies
    _disconnect()
    copies.finish()


@pytest.fixture
def staff(app, content_tree):
    people = build_site(content_tree)
    search.rebuild_index()
    db.session.remove()
    return people


def village_id() -> int:
    return db.session.scalar(select(Village.id).where(Village.slug == "ban-test"))


def publish_title(editor, title: str) -> None:
    """An editor renames the village through the admin form."""
    url = f"/admin/villages/{village_id()}/edit"
    db.session.remove()
    assert editor.post(url, data=edit_data(editor, url, title=title)).status_code == 303


def found_titles(client, word: str) -> list[str]:
    response = client.get("/api/v1/search", query_string={"q": word})
    assert response.status_code == 200, response.data[:300]
    return [hit["title"] for hit in response.get_json()["results"]]


def wait_until(condition, seconds: float = REBUILD_DEADLINE) -> bool:
    """Poll ``condition`` (each time on a fresh database session) until it holds or the
    deadline passes; no fixed sleep decides anything."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.remove()
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def rebuilt() -> bool:
    """The live build is this database's, caught up, and no build is running."""
    return sync.check().caught_up and not search_index().build_running()


def search_index():
    from flask import current_app

    return current_app.extensions["cdd_search"]


def page(client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return response.headers.get("X-Page-Cache", ""), response.get_data(as_text=True)


def heading(body: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1).strip()


def test_a_restore_is_noticed_rebuilt_and_never_served_from_before(app, staff, backups):
    visitor, editor = app.test_client(), app.test_client()
    village_url = "/villages/ban-test"
    assert page(visitor, village_url)[0] == "miss"
    assert page(visitor, village_url)[0] == "hit"
    backups.backup("nightly")
    login(editor, "cm@cdd.go.th")
    for word in BEFORE:  # each version of the page is cached under its outbox row
        publish_title(editor, f"บ้าน{word}")
        assert heading(page(visitor, village_url)[1]) == f"บ้าน{word}"
    assert found_titles(visitor, BEFORE[-1])[:1] == [f"บ้าน{BEFORE[-1]}"]
    assert visitor.get("/readyz").status_code == 200

    backups.restore("nightly")
    ready = visitor.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["search_index"].startswith("stale: database restored")
    assert heading(page(visitor, village_url)[1]) == "บ้านทดสอบ"  # the restored state
    assert visitor.get("/api/v1/search", query_string={"q": "บ้าน"}).status_code == 200

    publish_title(editor, f"บ้าน{AFTER}")  # takes the id the first lost publish had
    state, body = page(visitor, village_url)
    assert (state, heading(body)) == ("miss", f"บ้าน{AFTER}")  # not the pre-restore page

    assert wait_until(rebuilt), "the index was not rebuilt from the restored database"
    assert search_index().mark().database == _identity()
    assert found_titles(visitor, AFTER)[:1] == [f"บ้าน{AFTER}"]
    for word in BEFORE:  # neither the village nor its listing (which carries its name)
        assert found_titles(visitor, word) == [], word
    assert visitor.get("/readyz").status_code == 200
    # the page after the next publish is fresh too (the index follows the outbox again)
    publish_title(editor, "บ้านชบาแดง")
    assert found_titles(visitor, "ชบาแดง")[:1] == ["บ้านชบาแดง"]
    assert heading(page(visitor, village_url)[1]) == "บ้านชบาแดง"


def test_a_restore_followed_by_as_many_publishes_is_still_noticed(app, staff, backups):
    """The outbox is back at the index's mark after three new publishes; its rows are other
    rows (ids handed out again), which the mark's time tells."""
    editor = app.test_client()
    backups.backup("nightly")
    login(editor, "cm@cdd.go.th")
    for word in BEFORE:
        publish_title(editor, f"บ้าน{word}")
    ours = search_index()
    mark = ours.mark()
    backups.restore("nightly")
    # an idle machine: its index as far as ours, never asked between the restore and the
    # publishes below
    other = create_app({**app.config, "SEARCH_INDEX_DIR": f"{ours.root}-idle"})
    shutil.copytree(ours.root, other.extensions["cdd_search"].root, symlinks=True)
    for word in ("กุหลาบมอญ", "ชบาแดง", "พุดซ้อน"):
        publish_title(editor, f"บ้าน{word}")
    with other.app_context():
        assert other.extensions["cdd_search"].mark() == mark
        assert sync.read_outbox().latest == mark.applied  # the outbox is back where it was
        ready = other.test_client().get("/readyz")
        assert ready.status_code == 503
        assert ready.get_json()["checks"]["search_index"].startswith("stale: database restored")
        assert wait_until(rebuilt)
        assert found_titles(other.test_client(), "พุดซ้อน")[:1] == ["บ้านพุดซ้อน"]
        assert found_titles(other.test_client(), BEFORE[-1]) == []
        db.session.remove()
    assert wait_until(rebuilt)  # our own machine noticed at its first publish, and rebuilt


def test_another_database_is_noticed_and_its_pages_are_not_served_from_the_cache(app, staff):
    """A site pointed at another database (here: the same file given another identity and
    another title, without any outbox row): readiness, a rebuild, and the page cache's key."""
    visitor = app.test_client()
    assert page(visitor, "/villages/ban-test")[0] == "miss"
    assert page(visitor, "/villages/")[0] == "miss"
    assert visitor.get("/readyz").status_code == 200
    db.session.execute(update(SiteSetting).where(SiteSetting.key == IDENTITY)
                       .values(value="another-database-identity"))
    db.session.execute(update(Village).where(Village.slug == "ban-test")
                       .values(title="บ้านเรือนไทยอีกแห่ง"))
    db.session.commit()
    ready = visitor.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["search_index"].startswith("stale: another database")
    state, body = page(visitor, "/villages/ban-test")
    assert (state, heading(body)) == ("miss", "บ้านเรือนไทยอีกแห่ง")
    state, body = page(visitor, "/villages/")
    assert state == "miss" and "บ้านเรือนไทยอีกแห่ง" in body
    assert wait_until(rebuilt)
    assert search_index().mark().database == "another-database-identity"
    assert found_titles(visitor, "เรือนไทยอีกแห่ง")[:1] == ["บ้านเรือนไทยอีกแห่ง"]
    assert visitor.get("/readyz").status_code == 200


def _identity() -> str:
    return db.session.scalar(select(SiteSetting.value).where(SiteSetting.key == IDENTITY))


def test_setup_leaves_every_new_database_an_identity_of_its_own(app, tmp_path):
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("one fresh SQLite file stands for any new database: the migration writes it")
    template_identity = _identity()
    assert re.fullmatch(r"[0-9a-f]{32}", template_identity)
    fresh = create_app({**app.config,
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'new.sqlite3'}",
                        "SEARCH_INDEX_DIR": str(tmp_path / "new-index")})
    with fresh.app_context():  # as ``flask --app cdd_click setup`` runs it
        result = fresh.test_cli_runner().invoke(args=["setup", "--no-content"])
        assert result.exit_code == 0, result.output
        identity = _identity()
        assert re.fullmatch(r"[0-9a-f]{32}", identity) and identity != template_identity
        assert fresh.extensions["cdd_search"].mark().database == identity
        db.session.remove()
        db.engine.dispose()
