"""``flask content check`` only reads the database: it works on a read-only database file and
leaves a writable one byte for byte as it was, geography seeded or not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from cdd_click import create_app
from cdd_click.extensions import db
from cdd_click.geography import seed_geography
from cdd_click.models import Subdistrict, Village


def _app(url: str, work: Path):
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_INDEX_DIR": str(work / "search-index"),
        "MEDIA_DIR": str(work / "media"),
        "SITE_URL": "http://localhost",
    })


def _read_only(path: Path) -> str:
    """A URL that opens the SQLite file read-only: any write fails."""
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def _migrated(path: Path, seeded: bool) -> Path:
    app = _app(f"sqlite:///{path}", path.parent)
    with app.app_context():
        upgrade()
        if seeded:
            seed_geography()
            db.session.commit()
        db.engine.dispose()
    return path


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """Two pristine migrated SQLite files: one without geography, one with it."""
    root = tmp_path_factory.mktemp("check-databases")
    return {seeded: _migrated(root / f"seeded-{seeded}.sqlite3", seeded)
            for seeded in (False, True)}


@pytest.fixture(params=[False, True], ids=["unseeded", "seeded"])
def database(request, databases, tmp_path) -> Path:
    """A copy of one of them, read-only on disk as well."""
    path = tmp_path / "site.sqlite3"
    shutil.copy(databases[request.param], path)
    path.chmod(0o444)
    return path


def _tree(content_tree, subdistrict: str = '"502304"'):
    content_tree.village(subdistrict=subdistrict)
    content_tree.listing()
    content_tree.article(province='"50"')
    return content_tree.root


def _check(url: str, work: Path, directory: Path):
    app = _app(url, work)
    result = app.test_cli_runner().invoke(args=["content", "check", str(directory)])
    with app.app_context():
        db.engine.dispose()
    return result


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_check_passes_on_a_read_only_database(database, content_tree, tmp_path):
    result = _check(_read_only(database), tmp_path, _tree(content_tree))
    assert result.exit_code == 0, result.output
    assert "3 file(s) valid." in result.output


def test_check_writes_nothing(database, content_tree, tmp_path):
    database.chmod(0o644)
    before = _snapshot(database)
    result = _check(f"sqlite:///{database}", tmp_path, _tree(content_tree))
    assert result.exit_code == 0, result.output
    assert _snapshot(database) == before
    assert not Path(f"{database}-journal").exists() and not Path(f"{database}-wal").exists()


def test_check_still_checks_references_without_writing(database, content_tree, tmp_path):
    content_tree.listing("orphan", village="no-such-village")
    result = _check(_read_only(database), tmp_path, _tree(content_tree, subdistrict='"999999"'))
    assert result.exit_code == 1
    assert "villages/ban-test.md: subdistrict: unknown code 999999" in result.output
    assert "listings/orphan.md: village: unknown village 'no-such-village'" in result.output


def test_an_unseeded_database_stays_unseeded(databases, content_tree, tmp_path):
    path = tmp_path / "unseeded.sqlite3"
    shutil.copy(databases[False], path)
    url = f"sqlite:///{path}"
    assert _check(url, tmp_path, _tree(content_tree)).exit_code == 0
    app = _app(url, tmp_path)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Subdistrict)) == 0
        assert db.session.scalar(select(func.count()).select_from(Village)) == 0
        db.engine.dispose()
