"""Absolute URLs, always from the ``SITE_URL`` setting.

Never from the request's Host or X-Forwarded-Host header: those are whatever a client sends, and a
page rendered with them (and cached) would send every later visitor to the sender's site.
"""

from __future__ import annotations

import re

from flask import Flask, current_app, has_request_context, request, url_for
from werkzeug.routing import BuildError


def absolute(path: str) -> str:
    """``path`` (as ``url_for`` builds it, language prefix included) on the configured site."""
    return current_app.config["SITE_URL"].rstrip("/") + "/" + path.lstrip("/")


def external_url_for(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute URL on the configured site."""
    return absolute(template_url_for(endpoint, **values))


_CODE = re.compile(r"[a-z0-9_-]+\Z")  # slugs, kinds, categories, province codes: URL-safe as is
_SLOT = "cddurlslot"


def template_url_for(endpoint: str, **values) -> str:
    """``url_for`` in templates, with what every page repeats built once per language and
    process (off in debug mode, where files change):

    - a page without arguments, or a static file with its fingerprint: the whole URL;
    - a page with one argument whose value is a code (``slug="ban-mae-kampong"``,
      ``kind="otop_product"``): the URL around that value, learned by building it once with a
      placeholder, so that each card's link is a concatenation, not a trip through the router
      (such values are the same quoted or not, in a path or a query string).

    Anything else is built by ``url_for`` as usual.
    """
    if endpoint.startswith(".") or not has_request_context():
        return url_for(endpoint, **values)
    if not values or (endpoint == "static" and values.keys() == {"filename"}):
        return _stored((request.script_root, endpoint, values.get("filename")),
                       lambda: url_for(endpoint, **values))
    if len(values) == 1:
        (name, value), = values.items()
        if isinstance(value, str) and _CODE.match(value):
            around = _stored((request.script_root, endpoint, "=" + name),
                             lambda: _around(endpoint, name))
            if around:
                return around[0] + value + around[1]
    return url_for(endpoint, **values)


def _around(endpoint: str, name: str) -> tuple[str, ...]:
    """The URL of ``endpoint`` before and after the value of ``name``; empty when the value
    does not land in it exactly once, or the route takes no placeholder (a number)."""
    try:
        built = url_for(endpoint, **{name: _SLOT})
    except (BuildError, ValueError, TypeError):
        return ()
    return tuple(built.split(_SLOT)) if built.count(_SLOT) == 1 else ()


def _stored(key: tuple, build):
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stored = app.extensions.setdefault("cdd_fixed_urls", {})
    found = stored.get(key)
    if found is None:
        found = build()
        if not app.debug:
            stored[key] = found
    return found


def init_app(app: Flask) -> None:
    """``url_for`` (see ``template_url_for``) and ``external_url_for`` in templates."""
    app.jinja_env.globals["url_for"] = template_url_for
    app.jinja_env.globals["external_url_for"] = external_url_for
