"""Markdown to safe HTML with bounded cost: markdown-it-py within a budget, then nh3 (Ammonia).

Python-Markdown took 30 s over 40,000 ``[`` and raised RecursionError on lists nested 2,000 deep.
markdown-it-py ports markdown-it, a state machine tested against cmark's pathological inputs:
its cost grows linearly with the text, and ``maxNesting`` bounds its recursion. Linear is still
about 10 µs of CPU per markup character at worst in pure Python, so a body must also fit a
budget (``markdown_problem``): a weight of markup characters, lines and table cells, and a depth
of nested quotes and lists. An editor's save is refused past it; a body already stored past it
shows as escaped plain text. bench/hostile_markdown.py measures the worst bodies, before and
after (about 50 ms of CPU at most within budget, where Python-Markdown ran out of time).
"""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import nh3
from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import unescapeAll
from markupsafe import Markup

_ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "hr",
    "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}

MAX_DEPTH = 6  # quotes and list items inside one another
MAX_NESTING = 2 * MAX_DEPTH + 2  # markdown-it's levels: a list takes two (list, item)
# markup_weight's limit: the densest shipped body, were it 50,000 characters long, weighs 3,800
MAX_MARKUP_WEIGHT = 5_000
_MAX_LINK_PARENS = 3  # CommonMark's minimum for ( ) inside a link's address; cmark allows 32

_BLANK_LINES = re.compile(r"\n{2,}")
# The characters at which markdown-it's inline parser stops to try its rules (its text rule's
# terminators, newline included): every other character is skipped in one regular-expression
# step, so these and the lines they make are what a body's parsing costs.
_MARKUP_CHARS = "\n!#$%&*+-:<=>@[\\]^_`{}~"
# A line's container markers (quotes and list items), before its text.
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))+", re.M)


class _Destination:
    """What markdown-it's link rules read from a parsed link address."""

    __slots__ = ("ok", "pos", "str")

    def __init__(self, ok: bool = False, pos: int = 0, text: str = "") -> None:
        self.ok, self.pos, self.str = ok, pos, text


_ADDRESS_CHARS = re.compile(r"[^\x00-\x20\x7f()\\]+")


def _address_end(string: str, pos: int, maximum: int) -> int | None:
    """Where a link address without ``<>`` that starts at ``pos`` ends (at a space, a control
    character or an unmatched ``)``), or None when its parentheses do not close."""
    level = 0
    while pos < maximum:
        plain = _ADDRESS_CHARS.match(string, pos, maximum)
        if plain:
            pos = plain.end()
            continue
        char = string[pos]
        if char == "\\":
            if pos + 1 < maximum and string[pos + 1] == " ":
                break
            pos = min(pos + 2, maximum)
            continue
        if char == "(":
            level += 1
            if level > _MAX_LINK_PARENS:
                return None
        elif char == ")" and level:
            level -= 1
        else:
            break
        pos += 1
    return None if level else pos


def _link_destination(string: str, pos: int, maximum: int) -> _Destination:
    """markdown-it's parseLinkDestination, at bounded cost.

    markdown-it tries an address after every ``](`` and reads it up to a space; parentheses may
    nest 32 deep, so each of many unfinished links (``[a](bbb…``) reads the text of 32 others,
    one Python step a character. Here a regular expression skips ordinary characters, and
    parentheses nest at most 3 deep (CommonMark's minimum), so an address is read over at most
    4 links' text. An address in ``<>`` stops at the next ``<`` already.
    """
    if string.startswith("<", pos):
        return helpers.parseLinkDestination(string, pos, maximum)
    end = _address_end(string, pos, maximum)
    if end is None or end == pos:
        return _Destination()
    return _Destination(True, end, unescapeAll(string[pos:end]))


# Raw HTML is parsed as before (Python-Markdown passed it through) and nh3 keeps only the
# allowed tags; markdown-it also refuses javascript:, vbscript:, file: and data: links itself.
_parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable("table")
_parser.helpers = SimpleNamespace(  # this parser's own: markdown_it.helpers stays as it is
    parseLinkDestination=_link_destination,
    parseLinkLabel=helpers.parseLinkLabel,
    parseLinkTitle=helpers.parseLinkTitle,
)


def _table_cells(source: str) -> int:
    """An upper bound on the cells of every table: columns of each delimiter row (``|---|---|``,
    after any quote markers) times the lines of its block (up to a blank line). markdown-it
    fills short rows up to the header's columns, so a wide header over many short rows costs
    cells the text does not show."""
    cells = 0
    for block in _BLANK_LINES.split(source):
        lines = block.strip("\n").split("\n")
        for number, line in enumerate(lines):
            row = line.lstrip(" \t>").rstrip(" \t")  # in a quote too
            if "|" in row and "-" in row and not row.strip("|:- \t"):  # the header and the
                cells += (row.strip("|").count("|") + 1) * (len(lines) - number)  # rows below
    return cells


def markup_weight(source: str) -> int:
    """What parsing ``source`` costs: a markup character or a table cell is one unit, a line
    or a ``[`` two (each line goes through every block rule, once for each quote around it;
    each ``[`` starts a link label whose end is looked for). A unit costs at most about 10 µs
    of CPU (bench/hostile_markdown.py)."""
    return (sum(map(source.count, _MARKUP_CHARS)) + source.count("\n") + source.count("[")
            + _table_cells(source))


def _depth(tokens: list) -> int:
    """The most quotes and list items open inside one another."""
    depth = deepest = 0
    for token in tokens:
        if token.type in ("blockquote_open", "list_item_open"):
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in ("blockquote_close", "list_item_close"):
            depth -= 1
    return deepest


def _quote_depth(source: str) -> int:
    """The most quote markers (``>``) before any line's text: quotes open only there, so this
    bounds how deep they nest before parsing (markdown-it reads every line once for each
    quote around it)."""
    return max((found.group().count(">") for found in _CONTAINER_PREFIX.finditer(source)),
               default=0)


def _parse(source: str) -> tuple[list | None, str | None]:
    """markdown-it's tokens of ``source``, or None and the Thai reason it is over budget.

    Weight and quote depth are checked before parsing, so an over-budget body is never parsed.
    Past ``MAX_NESTING`` markdown-it silently drops the rest of a body; refusing more than
    ``MAX_DEPTH`` containers means that never happens to a body that is shown.
    """
    weight = markup_weight(source)
    if weight > MAX_MARKUP_WEIGHT:
        return None, (
            f"เนื้อหามีเครื่องหมาย Markdown บรรทัด และช่องตารางรวม {weight:,} จุด "
            f"เกินกำหนด {MAX_MARKUP_WEIGHT:,} จุด จึงแสดงผลให้ทันเวลาไม่ได้: "
            "ลดเครื่องหมายอย่าง [ ] * _ ` < & # หรือแบ่งเนื้อหาเป็นหลายหน้า"
        )
    too_deep = (
        f"รายการ (- หรือ 1.) หรือข้อความอ้างอิง (>) ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น "
        "ลดระดับการซ้อนลง"
    )
    if _quote_depth(source) > MAX_DEPTH:
        return None, too_deep
    tokens = _parser.parse(source)
    if _depth(tokens) > MAX_DEPTH:
        return None, too_deep
    return tokens, None


def markdown_problem(source: str) -> str | None:
    """A Thai message saying why ``source`` cannot be rendered within budget, or None when it
    can: what the admin form, content files and imports refuse at save."""
    if not source or _plain_paragraphs(source) is not None:
        return None
    return _parse(source)[1]


# Text in which Markdown finds nothing to do: no character that starts inline markup, no line that
# starts a block (list, quote, heading, code, rule, table, HTML), no trailing spaces (line breaks),
# no tabs, no control characters. Two thirds of content/'s bodies are such plain paragraphs.
_NOT_PLAIN = re.compile(
    r"[\\`*_\[\]<>&#!|~={}^\t\r\x00-\x08\x0b\x0c\x0e-\x1f]|^ *(?:[-+>]|\d+[.)])|^ {4}| $", re.M
)
_LEADING_SPACES = re.compile(r"^ +", re.M)


def _plain_paragraphs(source: str) -> str | None:
    """What markdown-it makes of plain paragraphs (``<p>`` per block, each line's leading spaces
    dropped), without running it; None when ``source`` holds anything Markdown could read as
    markup. tests/test_text.py checks the two agree on every kind of text this accepts."""
    if _NOT_PLAIN.search(source):
        return None
    blocks = (_LEADING_SPACES.sub("", block).strip("\n") for block in _BLANK_LINES.split(source))
    # markdown-it strips a paragraph with str.strip(): no-break spaces too, even to nothing
    return "".join(f"<p>{block.strip()}</p>\n" for block in blocks if block)


def _escaped_paragraphs(source: str) -> str:
    """``source`` as plain text: escaped, a ``<p>`` per block, its line breaks kept."""
    blocks = (block.strip() for block in _BLANK_LINES.split(source.replace("\r", "")))
    return "".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in block.split("\n")) + "</p>\n"
        for block in blocks if block
    )


def _rendered(tokens: list, heading_level: int) -> str:
    """markdown-it's HTML of ``tokens``, a ``##`` heading made <h{heading_level}> (as toc's
    baselevel did before) and the others shifted with it."""
    shift = heading_level - 2
    if shift:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, max(1, int(token.tag[1]) + shift))}"
    return _parser.renderer.render(tokens, _parser.options, {})


def render_markdown(source: str, heading_level: int = 2) -> Markup:
    """Sanitised HTML of ``source``; scripts, event handlers and javascript: URLs are removed.

    ``heading_level`` is the HTML level a ``##`` heading gets, so a body placed under a page
    section's own ``<h2>`` keeps a correct outline (3 there). A body over the budget
    (``markdown_problem``) shows as escaped plain text, in about a millisecond.
    """
    source = source or ""
    html_text = _plain_paragraphs(source)
    if html_text is None:
        tokens, _problem = _parse(source)
        if tokens is None:  # escaped text needs no sanitising (nh3 takes 50 ms over 50,000 &)
            return Markup(_escaped_paragraphs(source))  # noqa: S704 - every character escaped
        html_text = _rendered(tokens, heading_level)
    clean = nh3.clean(
        html_text,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 above
