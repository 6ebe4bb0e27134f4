"""The input boundary: what a client sends is cleaned once, before any view, database or file
sees it.

- **Paths** have one spelling. A path holding a control character, an empty segment (``//``)
  or a percent-encoded character that needs no encoding (``/%61dmin``: letters, digits,
  ``-._~`` and ``/``) answers the Thai 404 page. Otherwise ``/%61dmin/users/`` would be the
  staff page under a second name that caches, service workers and proxies do not recognise.
- **Query strings and form fields** lose NUL and the other C0 control characters (tab, line
  feed and carriage return stay: they are how text is written). PostgreSQL refuses NUL in text,
  spreadsheet programs refuse control characters, and none belongs in anything a person types.
- **Numbers in paths** (``<int:…>``, database ids) stop at the largest id an ``Integer``
  column holds (2**31 - 1 in PostgreSQL): ``/admin/listings/99999999999999999999/edit`` is not
  found, not a number the database refuses to bind (a 500).
- **Redirects** point at ``SITE_URL``: a ``Location`` that the router built from the request's
  Host header (``/villages`` → ``/villages/``) is rewritten onto the configured site.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

# C0 controls except tab (09), line feed (0a) and carriage return (0d); and DEL (7f).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENCODED_CONTROL = re.compile(r"%(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])")
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# %-encodings of characters a path never needs to encode: they make a second spelling.
_NEEDLESS_ESCAPE = re.compile(r"%(?:[46][1-9a-fA-F]|[57][0-9aA]|3[0-9]|2[dDeEfF]|5[fF]|7[eE])")


class DatabaseInt(IntegerConverter):
    """``<int:…>`` up to 2**31 - 1 (PostgreSQL's integer, every id in a path): past it, no
    match (404)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's own name
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def strip_controls(text: str) -> str:
    """``text`` without NUL and the other C0 control characters (tab and newlines stay)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def _raw_path(environ: dict) -> str | None:
    """The path as the client spelt it (before percent-decoding), when the server tells us."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw:
        return None
    if "://" in raw.split("?", 1)[0]:  # an absolute-form request line
        raw = urlsplit(raw).path or "/"
    return raw.split("?", 1)[0]


def non_canonical_path(environ: dict) -> bool:
    """True when the requested path is not the one spelling of a page of ours."""
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    if _PATH_CONTROL.search(path) or "//" in path:
        return True
    raw = _raw_path(environ)
    return raw is not None and ("//" in raw or bool(_NEEDLESS_ESCAPE.search(raw)))


class InputBoundary:
    """WSGI middleware (outermost): odd paths are marked for a 404, query strings are cleaned."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        query = environ.get("QUERY_STRING", "")
        if query:
            environ["QUERY_STRING"] = _PATH_CONTROL.sub(
                "", _ENCODED_CONTROL.sub("", query))
        if non_canonical_path(environ):
            environ["cdd.non_canonical"] = True
        return self.wsgi_app(environ, start_response)


class CleanRequest(Request):
    """A request whose form fields (and uploaded file names) hold no control characters."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None and any(CONTROL.search(value) for value in form.values()):
            self.__dict__["form"] = ImmutableMultiDict(
                [(key, strip_controls(value)) for key, value in form.items(multi=True)])
        for upload in self.__dict__.get("files", {}).values():
            if upload.filename:
                upload.filename = _PATH_CONTROL.sub("", upload.filename)


def refuse_non_canonical() -> None:
    """A path under a second spelling is not found (the Thai 404 page)."""
    if request.environ.get("cdd.non_canonical"):
        from werkzeug.exceptions import NotFound

        raise NotFound()


def redirect_to_site(response: Response) -> Response:
    """A redirect the router built from the request's Host goes to ``SITE_URL`` instead; a
    redirect is never cached by anyone but the browser."""
    location = response.headers.get("Location")
    if location and 300 <= response.status_code < 400:
        parts = urlsplit(location)
        if parts.netloc and parts.netloc == request.host:
            site = current_app.config["SITE_URL"].rstrip("/")
            target = site + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            response.headers["Location"] = target
        response.headers.setdefault("Cache-Control", "private, max-age=0")
    return response


def init_app(app: Flask) -> None:
    """Install the boundary: outermost middleware, the clean request class and the checks."""
    app.request_class = CleanRequest
    app.wsgi_app = InputBoundary(app.wsgi_app)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_non_canonical)
    app.after_request(redirect_to_site)
