"""Site-wide files: sitemap, robots.txt, web app manifest, service worker, offline page."""

from __future__ import annotations

import json
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from cdd_click import seo
from cdd_click.public import bp
from cdd_click.security import tile_origin
from cdd_click.urls import absolute


def _root_relative(path: str) -> str:
    """A path without the language prefix of the current request."""
    root = request.script_root
    return path[len(root):] if root and path.startswith(root) else path


@bp.get("/sitemap.xml")
def sitemap():
    """The sitemap index: one file for the fixed pages, then one per SITEMAP_CHUNK villages,
    listings or articles."""
    base = current_app.config["SITE_URL"].rstrip("/")
    files = [_root_relative(url_for("public.sitemap_file", name=name))
             for name in seo.sitemap_files()]
    xml = render_template("site/sitemap_index.xml", files=files, base=base)
    return Response(xml, mimetype="application/xml")


@bp.get("/sitemaps/<name>.xml")
def sitemap_file(name: str):
    """One sitemap file: its pages in Thai and English, with hreflang alternates."""
    paths = seo.sitemap_paths(name)
    if paths is None:
        abort(404)
    base = current_app.config["SITE_URL"].rstrip("/")
    entries = [(seo.localized_paths(_root_relative(path)), changed) for path, changed in paths]
    xml = render_template("site/sitemap.xml", entries=entries, base=base)
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """Crawl everything. The admin needs no Disallow (robots.txt is not access control): its
    pages other than the login redirect anonymous visitors, and the sitemap never lists them."""
    sitemap_url = absolute("/sitemap.xml")
    text = f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n"
    return Response(text, mimetype="text/plain")


@bp.get("/manifest.webmanifest")
def manifest():
    """Installable on a phone's home screen."""
    data = {
        "name": "Click ชุมชน — " + _("เรียนรู้ ดู เที่ยว ทั่วไทย"),
        "short_name": "Click ชุมชน",
        "lang": request.environ.get("cdd.locale", "th"),
        "start_url": url_for("public.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf6",
        "theme_color": "#0f6b4f",
        "icons": [{"src": url_for("static", filename=f"img/icon-{size}.png"),
                   "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"}
                  for size in (192, 512)],
    }
    response = current_app.json.response(data)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from the root so that it may control every public page, with
    the tile server's origin written in (its tiles go to a bounded cache of their own)."""
    tiles = tile_origin(current_app.config["TILE_URL"])
    source = Path(current_app.static_folder, "js", "sw.js").read_text(encoding="utf-8")
    response = Response(source.replace('"__TILE_ORIGIN__"', json.dumps(tiles)),
                        mimetype="text/javascript")
    response.cache_control.no_cache = True  # browsers check for a new worker on every visit
    response.headers["Service-Worker-Allowed"] = "/"
    # The worker itself fetches tiles, so its policy must let it reach the tile server.
    policy = f"default-src 'self'; connect-src 'self' {tiles}"
    response.headers["Content-Security-Policy"] = policy.strip()
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/offline")
def offline():
    """What the service worker shows when a page was never opened and the phone is offline."""
    return render_template("site/offline.html")
