"""Settings read from the environment, with embedded defaults under ``instance/``."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"
CONTENT_DIR = PROJECT_ROOT / "content"
# Tambon centroids trimmed from the MIT-licensed thailand-geodata file (cdd_click/data/README.md).
DEFAULT_CENTROIDS = Path(__file__).resolve().parent / "data" / "tambon_centroids.csv"


def load_secret_key(instance_path: Path) -> str:
    """Return ``SECRET_KEY`` from the environment, else one generated once into ``instance/``.

    The key file is created with mode 0600 so that every worker of one machine shares the key;
    several machines must share ``SECRET_KEY`` through the environment.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def database_url(instance_path: Path) -> str:
    """``DATABASE_URL`` from the environment, defaulting to SQLite in ``instance/``."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # Heroku-style URLs name no driver
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    return url or f"sqlite:///{instance_path / 'cdd_click.sqlite3'}"


def site_url() -> str:
    """``SITE_URL`` (e.g. ``https://click.cdd.go.th``), else the address ``make run`` serves."""
    configured = os.environ.get("SITE_URL", "").strip().rstrip("/")
    return configured or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


def cache_settings() -> dict[str, Any]:
    """Flask-Caching: in-process by default, Redis when ``CACHE_REDIS_URL`` is set."""
    redis_url = os.environ.get("CACHE_REDIS_URL")
    if redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                "CACHE_DEFAULT_TIMEOUT": 86400, "CACHE_KEY_PREFIX": "cdd:"}
    return {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 86400, "CACHE_THRESHOLD": 2000}


def settings(instance_path: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """All settings of the app, read at start-up; ``overrides`` (tests) win."""
    result = _settings(instance_path, overrides)
    # A database server can drop connections (restart, failover): test each one as it leaves the
    # pool. A SQLite file cannot, and the test would be one more statement on every page.
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        is_file = result["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
        result["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": not is_file}
    return result


def _settings(instance_path: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    return {
        "SECRET_KEY": overrides.get("SECRET_KEY") or load_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(CONTENT_DIR)),
        # Tambon centroids (CSV: SUB_DISTRICT_CODE, LATITUDE, LONGITUDE), loaded into the
        # database by `flask setup` and `flask geo centroids`; a copy ships in the package.
        "TAMBON_CENTROIDS": os.environ.get("TAMBON_CENTROIDS", str(DEFAULT_CENTROIDS)),
        # A pin farther (km) from its tambon's centroid needs staff's confirmation (pins.py).
        "PIN_MAX_KM_FROM_TAMBON": float(os.environ.get("PIN_MAX_KM_FROM_TAMBON", "15")),
        "BABEL_DEFAULT_LOCALE": "th",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Bangkok",
        "LISTINGS_PER_PAGE": int(os.environ.get("LISTINGS_PER_PAGE", "12")),
        # every other public list (villages, articles, a province's items, the map's list)
        "LIST_PER_PAGE": int(os.environ.get("LIST_PER_PAGE", "24")),
        "SITE_NAME": "Click ชุมชน",
        # Absolute URLs (canonical, hreflang, Open Graph, sitemap, QR codes) start with this,
        # never with the request's Host header.
        "SITE_URL": site_url(),
        "TILE_URL": os.environ.get("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "TILE_ATTRIBUTION": os.environ.get("TILE_ATTRIBUTION", OSM_ATTRIBUTION),
        **cache_settings(),
        "PAGE_CACHE": os.environ.get("PAGE_CACHE", "1") != "0",  # 0: every page is rendered
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        # redis://… keeps the login count in Redis; anything else keeps it in the database.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # visitors' problem reports per client address (HMAC-keyed, as the login's)
        "REPORT_RATE_LIMIT": os.environ.get("REPORT_RATE_LIMIT", "10 per hour"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "10")) * 1024 * 1024,
        # The import's .zip (a sheet and its photos, as staff have them) may be this large;
        # every other form keeps MAX_UPLOAD_MB, and a .xlsx or .csv alone too.
        "IMPORT_MAX_CONTENT_LENGTH": int(os.environ.get("IMPORT_MAX_UPLOAD_MB", "100")) * 1024
        * 1024,
        "PROXY_FIX": os.environ.get("PROXY_FIX", "") == "1",  # trust 127.0.0.1 and ::1 as proxies
        # Proxies whose X-Forwarded-For/-Proto are believed (IPs or CIDRs, comma-separated).
        "TRUSTED_PROXIES": [entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "")
                            .split(",") if entry.strip()],
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json"),
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/json",
                               "application/xml", "image/svg+xml", "application/javascript"],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        # Compression runs before operations.finish_response, which sets the ETag of the
        # compressed body and answers 304s: Flask-Compress's own check would be a second pass.
        "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
        "MEDIA_STORE": os.environ.get("MEDIA_STORE", "local"),
        "MEDIA_DIR": os.environ.get("MEDIA_DIR", str(instance_path / "media")),
        "SEARCH_INDEX_DIR": os.environ.get("SEARCH_INDEX_DIR", str(instance_path / "search")),
        "SEARCH_WRITER_TIMEOUT": float(os.environ.get("SEARCH_WRITER_TIMEOUT", "10")),
        "SEARCH_PER_PAGE": int(os.environ.get("SEARCH_PER_PAGE", "10")),
        # read places, kinds and categories out of queries (off: words only, for comparison)
        "SEARCH_UNDERSTANDING": os.environ.get("SEARCH_UNDERSTANDING", "1") != "0",
        # A search that finds the index broken waits this long for the background rebuild
        # (enough for a small site), then shows "search is being repaired".
        "SEARCH_REPAIR_WAIT": float(os.environ.get("SEARCH_REPAIR_WAIT", "5")),
        "SEARCH_CATCH_UP_WAIT": float(os.environ.get("SEARCH_CATCH_UP_WAIT", "0.2")),
        "SEARCH_REFRESH_INTERVAL": float(os.environ.get("SEARCH_REFRESH_INTERVAL", "300")),
        # A worker writes its visit and search counts (stats.py) after this many events, or
        # this many seconds after the first count waiting, whichever comes first.
        "STATS_FLUSH_EVERY": int(os.environ.get("STATS_FLUSH_EVERY", "1000")),
        "STATS_FLUSH_SECONDS": float(os.environ.get("STATS_FLUSH_SECONDS", "5")),
        # the staff home page's headline figures are at most this old (0: computed each view)
        "HEADLINE_CACHE_SECONDS": int(os.environ.get("HEADLINE_CACHE_SECONDS", "30")),
        **overrides,
    }
