"""Markdown to safe HTML: render with Python-Markdown, then sanitise with nh3 (Ammonia)."""

from __future__ import annotations

import threading

import markdown as md
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "hr",
    "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}


_converters = threading.local()  # a Markdown instance is reusable (reset()), not thread-safe


def _converter(heading_level: int) -> md.Markdown:
    """This thread's converter for ``heading_level``: building one costs more than converting a
    page's text, so each is built once."""
    cache = _converters.__dict__.setdefault("by_level", {})
    found = cache.get(heading_level)
    if found is None:
        found = cache[heading_level] = md.Markdown(
            extensions=["tables", "sane_lists", "toc"],
            extension_configs={"toc": {"baselevel": heading_level - 1}},
            output_format="html",
        )
    return found


def render_markdown(source: str, heading_level: int = 2) -> Markup:
    """Sanitised HTML of ``source``; scripts, event handlers and javascript: URLs are removed.

    ``heading_level`` is the HTML level a ``##`` heading gets, so a body placed under a page
    section's own ``<h2>`` keeps a correct outline (3 there).
    """
    html = _converter(heading_level).reset().convert(source or "")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 above
