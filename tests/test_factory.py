"""The app factory and settings read from the environment."""

from __future__ import annotations

from cdd_click import config, create_app


def test_database_url_defaults_to_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(tmp_path) == f"sqlite:///{tmp_path / 'cdd_click.sqlite3'}"


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://cdd@db/cdd")
    assert config.database_url(tmp_path) == "postgresql+psycopg://cdd@db/cdd"
    monkeypatch.setenv("DATABASE_URL", "postgres://cdd@db/cdd")
    assert config.database_url(tmp_path) == "postgresql+psycopg://cdd@db/cdd"


def test_secret_key_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load_secret_key(tmp_path)
    assert len(first) >= 32
    assert config.load_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    other = config.load_secret_key(tmp_path / "other")
    assert other != first


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert config.load_secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_factory_takes_test_config(tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"}
    )
    assert app.testing
    assert app.config["BABEL_DEFAULT_LOCALE"] == "th"
    assert {"public"} <= set(app.blueprints)
    assert app.template_folder == str(config.TEMPLATE_DIR)


def test_commands_registered(app):
    commands = app.cli.list_commands(None)
    assert {"content", "geo", "setup"} <= set(commands)
