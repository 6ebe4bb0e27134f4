"""Fixtures: each test gets its own real SQLite file, copied from one migrated, seeded template."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cdd_click import create_app
from cdd_click.config import CONTENT_DIR
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.geography import seed_geography

TEST_SECRET = "test-secret-key-not-for-production"


class IsolatedClient(FlaskClient):
    """Each request in an app context of its own, as in production: the test's own context
    (used for direct database checks) must not lend its ``g`` — e.g. the signed-in user — to
    requests from another client."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


class Databases:
    """Fresh databases for tests: copies of one migrated, seeded template.

    SQLite (the default, ``make test``): the template is a file and a copy is a file copy.
    PostgreSQL (``TEST_DATABASE_URL=postgresql+psycopg://…``, as ``.ci/run`` sets): the template
    is a database and a copy is ``CREATE DATABASE … TEMPLATE``, as cheap as a file copy.
    """

    def __init__(self, root: Path):
        self.root = root
        self.server = os.environ.get("TEST_DATABASE_URL", "")
        self.prefix = f"cdd_test_{os.getpid()}"
        self.count = 0
        self.template = self._build_template()

    @property
    def postgres(self) -> bool:
        return self.server.startswith("postgresql")

    def _admin(self, sql: str) -> None:
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(sql))
        engine.dispose()

    def _url(self, name: str) -> str:
        if self.postgres:
            return make_url(self.server).set(database=name).render_as_string(False)
        return f"sqlite:///{self.root / name}.sqlite3"

    def _build_template(self) -> str:
        from flask_migrate import upgrade

        name = f"{self.prefix}_template"
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{name}"')
            self._admin(f'CREATE DATABASE "{name}"')
        app = create_app(_config(self._url(name), self.root / "template-index"))
        with app.app_context():
            upgrade()
            seed_geography()
            db.session.commit()
            db.engine.dispose()
        return name

    def clone(self) -> str:
        """The URL of a new copy of the template."""
        self.count += 1
        name = f"{self.prefix}_{self.count}"
        if self.postgres:
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        else:
            shutil.copy(self.root / f"{self.template}.sqlite3", self.root / f"{name}.sqlite3")
        return self._url(name)

    def drop(self, url: str) -> None:
        """Remove a copy (PostgreSQL keeps databases; SQLite files go with the tmp dir)."""
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def finish(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


def _config(url: str, index_dir: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_INDEX_DIR": str(index_dir),
        "MEDIA_DIR": str(index_dir.parent / "media"),
        # Test sites are small: a search that finds no index waits for the rebuild (the short
        # production default is tested on its own, under load it could expire first).
        "SEARCH_REPAIR_WAIT": 60.0,
        "SITE_URL": "http://localhost",
    }


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Databases:
    """The database factory of this test run."""
    factory = Databases(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.finish()


@pytest.fixture
def app(databases, tmp_path):
    """An app on a fresh copy of the template database."""
    url = databases.clone()
    app = create_app(_config(url, tmp_path / "search-index"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture(scope="session")
def shipped_site(databases, tmp_path_factory):
    """One read-only app with content/ loaded and its search index built, shared by a session."""
    from cdd_click import search

    url = databases.clone()
    app = create_app(_config(url, tmp_path_factory.mktemp("shipped") / "search-index"))
    with app.app_context():
        load_content(CONTENT_DIR)
        search.rebuild_index()
        yield app
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def site(app):
    """The app with the shipped content/ loaded through the real loader."""
    load_content(CONTENT_DIR)
    return app


@pytest.fixture
def site_client(site):
    return site.test_client()


class ContentTree:
    """Writes content files into a temporary content/ folder, the way editors do."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ("villages", "listings", "articles"):
            (root / folder).mkdir(parents=True, exist_ok=True)

    def write(self, folder: str, slug: str, front_matter: str, body: str = "เนื้อหา") -> Path:
        path = self.root / folder / f"{slug}.md"
        text = f"---\n{textwrap.dedent(front_matter).strip()}\n---\n{body}\n"
        path.write_text(text, encoding="utf-8")
        return path

    def village(self, slug: str = "ban-test", **overrides) -> Path:
        fields = {
            "title": "บ้านทดสอบ",
            "summary": "หมู่บ้านสำหรับทดสอบ",
            "moo": 3,
            "subdistrict": '"502304"',
            "lat": 18.86,
            "lon": 99.35,
        }
        fields.update(overrides)
        return self.write("villages", slug, _yaml(fields), "เรื่องราวของหมู่บ้าน")

    def listing(self, slug: str = "test-coffee", **overrides) -> Path:
        fields = {
            "title": "กาแฟทดสอบ",
            "summary": "กาแฟจากหมู่บ้านทดสอบ",
            "kind": "otop_product",
            "village": "ban-test",
            "category": "เครื่องดื่ม",
            "otop_stars": 4,
        }
        fields.update(overrides)
        return self.write("listings", slug, _yaml(fields))

    def article(self, slug: str = "test-article", **overrides) -> Path:
        fields = {
            "title": "บทความทดสอบ",
            "summary": "สรุปบทความ",
            "category": "โอทอป",
            "tags": "[โอทอป]",
            "published": "2026-11-24",
        }
        fields.update(overrides)
        return self.write("articles", slug, _yaml(fields), "## หัวข้อ\n\nเนื้อหาบทความ")


def _yaml(fields: dict) -> str:
    return "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None)


@pytest.fixture
def content_tree(tmp_path) -> ContentTree:
    return ContentTree(tmp_path / "content")
