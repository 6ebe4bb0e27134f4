"""Security headers on every response, a strict Content-Security-Policy, and HTTPS-aware cookies."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface

_INLINE_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.DOTALL)
HSTS = "max-age=31536000; includeSubDomains"


def tile_origin(tile_url: str) -> str:
    """The origin map tiles come from, for img-src (``{s}.`` subdomains as a wildcard)."""
    parts = urlsplit(tile_url.replace("{s}.", "x."))
    host = parts.netloc.replace("x.", "*.", 1) if "{s}." in tile_url else parts.netloc
    return f"{parts.scheme}://{host}" if host else ""


def content_security_policy(script_hashes: list[str] = ()) -> str:
    """No inline script anywhere, except the exact scripts of a map document, by hash."""
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in script_hashes)])
    tiles = tile_origin(current_app.config["TILE_URL"])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {tiles}".strip(),
        "connect-src 'self'",
        "font-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ])


def inline_script_hashes(html: str) -> list[str]:
    """SHA-256 (base64) of every inline ``<script>`` of a document we rendered ourselves."""
    return [base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            for body in _INLINE_SCRIPT_RE.findall(html)]


def add_security_headers(response: Response) -> Response:
    """The headers every response carries; HSTS once it came over HTTPS, so browsers stay there."""
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), payment=()")
    if request.is_secure:  # over plain HTTP the header is meaningless and browsers ignore it
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (or always, if set)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def init_app(app: Flask) -> None:
    """Install the headers and the cookie policy."""
    app.after_request(add_security_headers)
    app.session_interface = HttpsAwareSessionInterface()
