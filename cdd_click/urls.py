"""Absolute URLs, always from the ``SITE_URL`` setting.

Never from the request's Host or X-Forwarded-Host header: those are whatever a client sends, and a
page rendered with them (and cached) would send every later visitor to the sender's site.
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, url_for


def absolute(path: str) -> str:
    """``path`` (as ``url_for`` builds it, language prefix included) on the configured site."""
    return current_app.config["SITE_URL"].rstrip("/") + "/" + path.lstrip("/")


def external_url_for(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute URL on the configured site."""
    return absolute(template_url_for(endpoint, **values))


def template_url_for(endpoint: str, **values) -> str:
    """``url_for`` in templates. The URLs every page repeats and nothing in a request changes
    (a page without arguments, a static file with its fingerprint) are built once per language
    and process; any other URL is built as usual. Off in debug mode, where files change."""
    if endpoint.startswith(".") or not has_request_context() or not (
        not values or (endpoint == "static" and values.keys() == {"filename"})
    ):
        return url_for(endpoint, **values)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    fixed = app.extensions.setdefault("cdd_fixed_urls", {})
    key = (request.script_root, endpoint, values.get("filename"))
    found = fixed.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if not app.debug:
            fixed[key] = found
    return found


def init_app(app: Flask) -> None:
    """``url_for`` (see ``template_url_for``) and ``external_url_for`` in templates."""
    app.jinja_env.globals["url_for"] = template_url_for
    app.jinja_env.globals["external_url_for"] = external_url_for
