"""Whole public pages cached per URL, language and content state.

The key holds the newest outbox id, which every content change (any process, any machine)
advances in its own transaction: a change makes every worker render afresh, nobody has to be told.
A hit costs one ``max(id)`` query and a cache read. Only anonymous GET pages are cached: a
request with a session (a signed-in editor, a pending flash message) neither reads nor writes the
cache, and a response that sets a cookie is never stored. Nothing in a page depends on a request
header outside the key (absolute URLs come from ``SITE_URL``, the language from the path).

``PAGE_CACHE`` (environment ``PAGE_CACHE=0``) turns the cache off: every page is rendered.
While it is on, a cacheable page says ``X-Page-Cache: hit`` (served from the cache) or ``miss``
(rendered and stored), so that load tests can count them; a page the cache does not handle
(cache off, not an anonymous GET, not a storable 200) carries no such header.
"""

from __future__ import annotations

from functools import wraps

from flask import Response, current_app, request, session

from cdd_click import search
from cdd_click.extensions import cache
from cdd_click.i18n import select_locale

PAGE_TIMEOUT = 3600
HEADER = "X-Page-Cache"
KEPT_HEADERS = ("X-Search-Total",)  # served again with a cached page (stats counts searches)


def cached_page(view):
    """Serve ``view``'s 200 responses from the cache while content is unchanged."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_app.config.get("PAGE_CACHE", True) or request.method != "GET" or session:
            return view(*args, **kwargs)
        key = (f"page:{select_locale()}:{request.script_root}{request.full_path}:"
               f"{search.latest_change()}")
        hit = cache.get(key)
        if hit is not None:
            body, mimetype, *kept = hit
            return Response(body, mimetype=mimetype,
                            headers={HEADER: "hit", **(kept[0] if kept else {})})
        response = view(*args, **kwargs)
        if isinstance(response, str):
            response = Response(response)
        if (isinstance(response, Response) and response.status_code == 200
                and "Set-Cookie" not in response.headers and not session.modified):
            kept = {name: value for name, value in response.headers.items()
                    if name in KEPT_HEADERS}
            cache.set(key, (response.get_data(), response.mimetype, kept), timeout=PAGE_TIMEOUT)
            response.headers[HEADER] = "miss"
        return response

    return wrapped
