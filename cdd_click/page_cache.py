"""Whole public pages cached per URL, language and content state.

The key holds the database's content version (``search.content_version``): its identity and its
newest outbox row, id *and* time. Every content change (any process, any machine) adds a row in
its own transaction, so a change makes every worker render afresh and nobody has to be told.
The time is there for restores: a database restored from a backup hands the ids it had lost out
again, and a page cached before the restore under ``…:12`` must not be served for the different
change that is now row 12; no row is ever written twice at the same microsecond. (A restore
back to a state whose pages are still cached finds keys of exactly that state, whose pages are
right.) The identity keeps two databases apart (a site pointed at another one).
A hit costs one query of primary-key lookups and a cache read.

The key holds the path and only the query parameters the page reads (``cached_page(reads=…)``),
sorted, without empty values or a parameter's default (``page=1``): ``?kind=x&page=2`` and
``?page=2&kind=x`` are one entry. A request with any other parameter (``?x=1``, a tracking tag,
a repeated parameter) is rendered and not cached at all: random query strings cannot evict real
pages. A redirect to the canonical URL would do as well for the flood, but costs every visitor
from a tagged link a round trip, and an ordinary form submits its fields in form order.

Only anonymous GET pages are cached: a request with a session (a signed-in editor, a pending
flash message) neither reads nor writes the cache, and a response that sets a cookie is never
stored, nor a search answered from an index still catching up (``g.search_index_behind``).
Nothing in a page depends on a request header outside the key (absolute URLs come from
``SITE_URL``, the language from the path).

``PAGE_CACHE`` (environment ``PAGE_CACHE=0``) turns the cache off: every page is rendered.
While it is on, a cacheable page says ``X-Page-Cache: hit`` (served from the cache) or ``miss``
(rendered and stored), so that load tests can count them; a page the cache does not handle
(cache off, not an anonymous GET, a parameter it does not read, not a storable 200) carries no
such header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from urllib.parse import urlencode

from flask import Response, current_app, g, request, session

from cdd_click import search
from cdd_click.extensions import cache
from cdd_click.i18n import select_locale

PAGE_TIMEOUT = 3600
HEADER = "X-Page-Cache"
KEPT_HEADERS = ("X-Search-Total",)  # served again with a cached page (stats counts searches)


def query_key(reads: frozenset[str], defaults: Mapping[str, str]) -> str | None:
    """The request's query string as the key holds it, or None when it has a parameter the
    page does not read (or one twice): such a request is not cached."""
    kept = []
    for name in sorted(request.args):
        values = request.args.getlist(name)
        if name not in reads or len(values) > 1:
            return None
        if values[0] != "" and values[0] != defaults.get(name):
            kept.append((name, values[0]))
    return urlencode(kept)


def cached_page(view: Callable | None = None, *, reads: tuple[str, ...] = (),
                defaults: Mapping[str, str] | None = None):
    """Serve ``view``'s 200 responses from the cache while content is unchanged.

    ``reads``: the query parameters the view reads; ``defaults``: values that mean the same as
    the parameter's absence. Used bare (``@cached_page``) for a page that reads none.
    """
    if view is None:
        return lambda inner: cached_page(inner, reads=reads, defaults=defaults)
    names, defaults = frozenset(reads), dict(defaults or {})

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_app.config.get("PAGE_CACHE", True) or request.method != "GET" or session:
            return view(*args, **kwargs)
        query = query_key(names, defaults)
        if query is None:
            return view(*args, **kwargs)
        key = (f"page:{select_locale()}:{request.script_root}{request.path}?{query}:"
               f"{search.content_version()}")
        hit = cache.get(key)
        if hit is not None:
            body, mimetype, *kept = hit
            return Response(body, mimetype=mimetype,
                            headers={HEADER: "hit", **(kept[0] if kept else {})})
        response = view(*args, **kwargs)
        if isinstance(response, str):
            response = Response(response)
        if (isinstance(response, Response) and response.status_code == 200
                and "Set-Cookie" not in response.headers and not session.modified
                and not g.get("search_index_behind")):
            kept = {name: value for name, value in response.headers.items()
                    if name in KEPT_HEADERS}
            cache.set(key, (response.get_data(), response.mimetype, kept), timeout=PAGE_TIMEOUT)
            response.headers[HEADER] = "miss"
        return response

    return wrapped
