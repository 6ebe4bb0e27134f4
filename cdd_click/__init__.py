"""Click ชุมชน: community products, OTOP, community-tourism villages and knowledge of Thailand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from cdd_click import config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error pages and commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(config.TEMPLATE_DIR),
        static_folder=str(config.STATIC_DIR),
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.settings(instance, test_config or {}))
    app.json.ensure_ascii = False  # Thai as UTF-8 in JSON, not \u escapes
    from cdd_click.boundary import DatabaseInt

    app.url_map.converters["int"] = DatabaseInt  # before any route: ids past 2**31 - 1 are 404
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    from cdd_click import boundary, uploads

    uploads.init_app(app)  # before the CSRF check, which reads the body
    boundary.init_app(app)  # last: its middleware is the outermost, its check the first
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions created in ``extensions.py``."""
    from cdd_click import (  # noqa: F401
        collation,
        i18n,
        operations,
        pins,  # its before_flush listener marks pins in another province on every write
        search,
        security,
        sqlite_settings,
        templating,
        urls,
    )
    from cdd_click.extensions import cache, compress, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    cache.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    # current_user is a template global (a proxy, read only by the admin's templates), not a
    # context processor: public pages would otherwise look up the visitor's account on every render.
    login_manager.init_app(app, add_context_processor=False)
    from flask_login import current_user

    app.jinja_env.globals["current_user"] = current_user
    login_manager.login_view = "admin.login"
    login_manager.login_message = "กรุณาเข้าสู่ระบบก่อน"
    login_manager.login_message_category = "info"
    security.init_app(app)
    operations.init_app(app)
    compress.init_app(app)
    from cdd_click import proxies

    proxies.init_app(app)  # X-Forwarded-For/-Proto only from TRUSTED_PROXIES; never -Host
    migrations = str(Path(__file__).parent / "migrations")
    migrate.init_app(app, db, directory=migrations, render_as_batch=True)
    i18n.init_app(app)
    templating.init_app(app)
    urls.init_app(app)
    search.init_app(app)
    from cdd_click import stats

    stats.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Attach each area of the site."""
    from cdd_click.admin import bp as admin_bp
    from cdd_click.api import bp as api_bp
    from cdd_click.maps.views import bp as maps_bp
    from cdd_click.public import bp as public_bp
    from cdd_click.search.views import bp as search_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(maps_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_errorhandlers(app: Flask) -> None:
    """Thai error pages; no traceback ever reaches a visitor."""
    from cdd_click import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    """``flask setup``, ``flask geo``, ``flask content`` command groups."""
    from cdd_click import cli

    cli.init_app(app)
