"""Rendered maps in the app cache (Flask-Caching: in-process by default, Redis in production)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import current_app, request

from cdd_click.extensions import cache
from cdd_click.i18n import select_locale


def cached_map(scope: str, stamp: str, render: Callable[[], str]) -> str:
    """The cached map of ``scope`` for content state ``stamp``, rendered on a miss."""
    settings = (f"{current_app.config['TILE_URL']}|{current_app.config['TILE_ATTRIBUTION']}"
                f"|{select_locale()}|{request.script_root}")
    digest = hashlib.sha1(f"{stamp}|{settings}".encode(), usedforsecurity=False).hexdigest()
    key = f"map:{scope}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html)
    return html
