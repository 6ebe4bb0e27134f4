"""Template globals and filters: vocabulary labels, addresses and safe Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask import Flask
from markupsafe import Markup, escape

from cdd_click import facts
from cdd_click.geography import english_address, province_names, thai_address
from cdd_click.i18n import select_locale
from cdd_click.offices import responsible_offices
from cdd_click.text import render_markdown
from cdd_click.vocabulary import (
    ACTION_LABELS,
    ARTICLE_CATEGORY_LABELS,
    CATEGORY_LABELS,
    KIND_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
)


def _english() -> bool:
    return select_locale() == "en"


def localized(item, field: str) -> Markup:
    """An item's text in the page's language: English when written, else Thai marked lang="th"."""
    thai = getattr(item, field) or ""
    if _english():
        english = getattr(item, f"{field}_en", None)
        if english:
            return escape(english)
        return Markup('<span lang="th">%s</span>') % thai
    return escape(thai)


def localized_text(item, field: str) -> str:
    """Plain text for attributes and <title>: English when written, else Thai."""
    return (_english() and getattr(item, f"{field}_en", None)) or getattr(item, field) or ""


def in_language(item, field: str) -> tuple[object, str]:
    """(value, language) of a field for this page: its ``_en`` twin on English pages when it is
    written, else the Thai value with "th" (the template marks it ``lang="th"``). For bodies and
    lists, where ``localized`` would escape Markdown or join items."""
    if _english():
        english = getattr(item, f"{field}_en", None)
        if english:
            return english, "en"
    return getattr(item, field) or "", "th"


def fact_rows(item, price: bool = False) -> list[tuple[str, str, str]]:
    """The item's known practical facts for this page (``facts.fact_rows``)."""
    return facts.fact_rows(item, "en" if _english() else "th", price)


def province_name(code: str) -> str:
    """A province's name, by code, in the page's language."""
    return province_names("en" if _english() else "th").get(code, code)


def article_category(name: str) -> Markup:
    """An article category in the page's language: translated when the catalogue knows it, else
    the staff's Thai words marked lang="th" on an English page."""
    label = ARTICLE_CATEGORY_LABELS.get(name)
    shown = str(label) if label is not None else name
    if _english() and shown == name:
        return Markup('<span lang="th">%s</span>') % name
    return escape(shown)


def card_photos(items) -> dict:
    """The first photo of each item on a page of cards (``photos.first_photos``)."""
    from cdd_click.photos import first_photos

    return first_photos(items)


def office_names(subdistrict) -> list[str]:
    """The offices responsible for a place (``offices``), named in the page's language."""
    locale = "en" if _english() else "th"
    return [office.name(locale) for office in responsible_offices(subdistrict)]


def line_url(line_id: str) -> str:
    """The LINE link that opens a chat with an ID: ``@name`` for an official account, else
    ``~name`` (LINE's "add friend by ID" address)."""
    handle = line_id.strip()
    return "https://line.me/R/ti/p/" + quote(handle if handle.startswith("@") else "~" + handle)


def area_name(area) -> str:
    """A province, district or subdistrict name in the page's language."""
    return area.name_en if _english() else area.name_th


def address(subdistrict, moo=None) -> str:
    """The address line in the page's language."""
    return english_address(subdistrict, moo) if _english() else thai_address(subdistrict, moo)


@dataclass(frozen=True)
class OwnerNote:
    """What a page says about an item's owner-supplied values (``owner_facts.attribution``):
    the office that checked them (or that trusts the owner who published them), the day, and
    the labels of the fields it covers, all in the page's language."""

    checked: bool
    office: str
    on: date
    labels: list[str]


def owner_note(item) -> OwnerNote | None:
    """The "ข้อมูลจากผู้ประกอบการ" line of a village or listing page; None when no value on it
    is its owner's (any more: a staff edit of the value ends the mark)."""
    from cdd_click import owner_facts
    from cdd_click.reports import office  # it imports catalog, which needs the models loaded

    found = owner_facts.attribution(item)
    if found is None:
        return None
    return OwnerNote(found.checked, office(item).name("en" if _english() else "th"), found.on,
                     found.labels)


def init_app(app: Flask) -> None:
    """Expose labels and helpers to every template."""
    from cdd_click.maps import locator  # the maps package imports this module
    from cdd_click.positions import position_of  # it imports this module
    from cdd_click.sources import shown as shown_sources

    app.jinja_env.globals.update(
        KIND_LABELS=KIND_LABELS,
        CATEGORY_LABELS=CATEGORY_LABELS,
        REGION_LABELS=REGION_LABELS,
        thai_address=thai_address,
        address=address,
        localized=localized,
        localized_text=localized_text,
        in_language=in_language,
        office_names=office_names,
        card_photos=card_photos,
        article_category=article_category,
        locate=locator.project,
        LOCATOR_SIZE=(locator.WIDTH, locator.HEIGHT),
        province_name=province_name,
        fact_rows=fact_rows,
        line_url=line_url,
        area_name=area_name,
        province_names=province_names,
        TYPE_LABELS=TYPE_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        ACTION_LABELS=ACTION_LABELS,
        position_of=position_of,
        shown_sources=shown_sources,
        owner_note=owner_note,
    )
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["reject_key"] = lambda mapping, key: {
        name: value for name, value in mapping.items() if name != key
    }
