"""Fixtures: each test gets its own real SQLite file, copied from one migrated, seeded template."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from flask.testing import FlaskClient

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


def _config(database: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SEARCH_INDEX_DIR": str(database.parent / "search-index"),
    }


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Path:
    """A database migrated to head with geography seeded, built once per run."""
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(_config(path))
    with app.app_context():
        upgrade()
        seed_geography()
        db.session.commit()
        db.engine.dispose()
    return path


@pytest.fixture
def app(template_database, tmp_path):
    """An app on a fresh copy of the template database."""
    database = tmp_path / "site.sqlite3"
    shutil.copy(template_database, database)
    app = create_app(_config(database))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def shipped_site(template_database, tmp_path_factory):
    """One read-only app with content/ loaded and its search index built, shared by a session."""
    from cdd_click import search

    database = tmp_path_factory.mktemp("shipped") / "site.sqlite3"
    shutil.copy(template_database, database)
    app = create_app(_config(database))
    with app.app_context():
        load_content(CONTENT_DIR)
        search.rebuild_index()
        yield app
        db.session.remove()
        db.engine.dispose()


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
