"""Absolute URLs, always from the ``SITE_URL`` setting.

Never from the request's Host or X-Forwarded-Host header: those are whatever a client sends, and a
page rendered with them (and cached) would send every later visitor to the sender's site.
"""

from __future__ import annotations

from flask import Flask, current_app, url_for


def absolute(path: str) -> str:
    """``path`` (as ``url_for`` builds it, language prefix included) on the configured site."""
    return current_app.config["SITE_URL"].rstrip("/") + "/" + path.lstrip("/")


def external_url_for(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute URL on the configured site."""
    return absolute(url_for(endpoint, **values))


def init_app(app: Flask) -> None:
    """``external_url_for`` in templates."""
    app.jinja_env.globals["external_url_for"] = external_url_for
