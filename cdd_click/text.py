"""Markdown to safe HTML: render with Python-Markdown, then sanitise with nh3 (Ammonia)."""

from __future__ import annotations

import re
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


# Text in which Markdown finds nothing to do: no character that starts inline markup, no line that
# starts a block (list, quote, heading, code, rule, table, HTML), no trailing spaces (line breaks),
# no tabs. Two thirds of content/'s bodies are such plain paragraphs.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&#!|~={}^\t\r\x02\x03]|^ *(?:[-+>]|\d+\.)|^ {4}| $", re.M)
_BLANK_LINES = re.compile(r"\n{2,}")


def _plain_paragraphs(source: str) -> str | None:
    """What Python-Markdown makes of plain paragraphs (``<p>`` per block), without running it;
    None when ``source`` holds anything Markdown could read as markup. tests/test_text.py checks
    the two agree on every kind of text this accepts."""
    if _NOT_PLAIN.search(source):
        return None
    blocks = [block.lstrip() for block in _BLANK_LINES.split(source.strip("\n"))]
    return "\n".join(f"<p>{block}</p>" for block in blocks if block)


def render_markdown(source: str, heading_level: int = 2) -> Markup:
    """Sanitised HTML of ``source``; scripts, event handlers and javascript: URLs are removed.

    ``heading_level`` is the HTML level a ``##`` heading gets, so a body placed under a page
    section's own ``<h2>`` keeps a correct outline (3 there).
    """
    source = source or ""
    html = _plain_paragraphs(source)
    if html is None:
        html = _converter(heading_level).reset().convert(source)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 above
