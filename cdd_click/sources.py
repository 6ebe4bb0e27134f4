"""Where an item's facts come from: a short list of ``{"title": …, "url": "https://…"}``.

Content files carry it as ``sources:`` (a list of title/url pairs); the admin form as one source a
line, ``title | https://…``. Both read through ``clean``: an https address only (a page served
over plain http can be altered on the way, and a ``javascript:`` link is never a source), a
title of at most 200 characters, at most ``MAX_SOURCES``. Pages show them as links with
``rel="nofollow noopener"``.
"""

from __future__ import annotations

import re
from typing import Any

MAX_SOURCES = 10
MAX_TITLE = 200
MAX_URL = 500
_URL_RE = re.compile(r"https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?")


class SourceError(ValueError):
    """A source that cannot be accepted (the message is Thai, for the editor)."""


def clean(title: Any, url: Any, where: str = "") -> dict[str, str]:
    """One source, checked: ``{"title", "url"}``; ``where`` names it in a refusal."""
    title = " ".join(str(title or "").split()) if isinstance(title, str | int) else ""
    url = str(url or "").strip() if isinstance(url, str) else ""
    if not title:
        raise SourceError(f"{where}ต้องมีชื่อแหล่งที่มา เช่น เว็บไซต์การท่องเที่ยวแห่งประเทศไทย")
    if len(title) > MAX_TITLE:
        raise SourceError(f"{where}ชื่อแหล่งที่มายาวเกิน {MAX_TITLE} ตัวอักษร")
    if not _URL_RE.fullmatch(url) or len(url) > MAX_URL:
        raise SourceError(f"{where}ลิงก์ต้องขึ้นต้นด้วย https:// และไม่มีช่องว่าง "
                          f"(ไม่เกิน {MAX_URL} ตัวอักษร)")
    return {"title": title, "url": url}


def _at_most(found: list[dict[str, str]]) -> list[dict[str, str]]:
    if len(found) > MAX_SOURCES:
        raise SourceError(f"ใส่แหล่งที่มาได้ไม่เกิน {MAX_SOURCES} รายการ")
    return found


def parse_lines(text: str | None) -> list[dict[str, str]]:
    """The admin form's text: one source a line, ``title | https://…`` (blank lines skipped)."""
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        title, bar, url = line.rpartition("|")
        if not bar:
            raise SourceError(f"บรรทัดที่ {number}: เขียนเป็น ชื่อแหล่งที่มา | https://…")
        found.append(clean(title, url, f"บรรทัดที่ {number}: "))
    return _at_most(found)


def as_lines(sources: list[dict[str, str]] | None) -> str:
    """Stored sources as the admin form shows them."""
    return "\n".join(f"{entry['title']} | {entry['url']}" for entry in sources or [])


def parse_list(value: Any) -> list[dict[str, str]]:
    """A content file's ``sources:``: a list of ``{title, url}``."""
    if not isinstance(value, list):
        raise SourceError("ต้องเป็นรายการของ {title, url}")
    found = []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or set(entry) != {"title", "url"}:
            raise SourceError(f"รายการที่ {number}: ต้องมี title และ url เท่านั้น")
        found.append(clean(entry["title"], entry["url"], f"รายการที่ {number}: "))
    return _at_most(found)


def shown(sources: list[dict[str, Any]] | None) -> list[dict[str, str]]:
    """The sources a page links to: only well-formed https ones (a stored row is trusted no
    further than a form)."""
    result = []
    for entry in sources or []:
        try:
            result.append(clean(entry.get("title"), entry.get("url")))
        except (SourceError, AttributeError):
            continue
    return result
