"""Locale selection, Buddhist-era dates and number/price formatting.

Babel has no Buddhist calendar, so Thai dates take Babel's Thai month names and add 543 to the
year here — the one place the site formats dates.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, parse_pattern
from babel.support import NullTranslations, Translations
from flask import Flask, request
from flask.globals import _cv_request
from markupsafe import Markup, escape

from cdd_click import urls
from cdd_click.extensions import babel

TRANSLATIONS = Path(__file__).parent / "translations"
SUPPORTED_LOCALES = ("th", "en")
DEFAULT_LOCALE = "th"
BUDDHIST_ERA_OFFSET = 543
LOCALE_PREFIXES = {"en": "/en"}  # Thai pages are unprefixed


class LanguagePrefix:
    """WSGI middleware: ``/en/...`` is the same app in English.

    The prefix moves from PATH_INFO to SCRIPT_NAME, so every ``url_for`` on an English page
    builds an English URL without any view or template knowing about it.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        for locale, prefix in LOCALE_PREFIXES.items():
            if path == prefix or path.startswith(prefix + "/"):
                environ["PATH_INFO"] = path[len(prefix):] or "/"
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
                environ["cdd.locale"] = locale
                break
        return self.wsgi_app(environ, start_response)


def select_locale() -> str:
    """The locale is part of the URL: Thai unprefixed, English under /en/.

    Also the cheap way to ask for the page's language (``"th"`` or ``"en"``) where it is asked
    often: templates and the helpers they call use it instead of Flask-Babel's ``get_locale()``,
    which builds a ``Locale``'s name anew at each call.
    """
    context = _cv_request.get(None)  # the request context itself: a page asks ~70 times
    return context.request.environ.get("cdd.locale", DEFAULT_LOCALE) if context is not None \
        else DEFAULT_LOCALE


_catalogs: dict[str, NullTranslations] = {}


def _catalog(locale: str | None = None) -> NullTranslations:
    """The compiled catalogue (the one Flask-Babel reads) of ``locale``, else of the page's
    language; each is loaded once."""
    locale = locale or select_locale()
    found = _catalogs.get(locale)
    if found is None:
        found = _catalogs[locale] = Translations.load(str(TRANSLATIONS), [locale])
    return found


class Label:
    """A vocabulary label (``_l("ภาคเหนือ")``): a Thai message shown in the language of the page
    it is rendered in, like Flask-Babel's lazy strings but a plain catalogue lookup, since
    every card of every page shows a few. Outside a request it is Thai."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message

    def __str__(self) -> str:
        return _catalog().ugettext(self.message)

    def __html__(self) -> str:
        return escape(str(self))

    def __repr__(self) -> str:
        return f"Label({self.message!r})"

    def in_locale(self, locale: str) -> str:
        """The label in ``locale``, whatever the page's language."""
        return _catalog(locale).ugettext(self.message)


def template_gettext(message: str, **variables: object) -> Markup:
    """``_()`` and ``gettext()`` in templates: the message from the page language's catalogue,
    with ``%(name)s`` filled in and the values escaped, as Jinja's new-style gettext does (which
    is installed too, for ``{% trans %}``), but called straight from the template: it is asked
    dozens of times a page, and the new-style wrapper went through the context twice a call."""
    translated = Markup(_catalog().ugettext(message))
    return translated % variables if variables or "%" in translated else translated


def template_ngettext(singular: str, plural: str, number: int) -> str:
    """``ngettext()`` in templates."""
    return _catalog().ungettext(singular, plural, number)


def locale_url(locale: str, full: bool = False) -> str:
    """The current page in ``locale`` (path and query kept)."""
    root = request.script_root
    current_prefix = LOCALE_PREFIXES.get(select_locale(), "")
    if current_prefix and root.endswith(current_prefix):
        root = root[: -len(current_prefix)]
    path = root + LOCALE_PREFIXES.get(locale, "") + request.path
    query = request.query_string.decode("utf-8", "replace")
    url = path + (f"?{query}" if query else "")
    return urls.absolute(url) if full else url


def alternate_urls() -> dict[str, str]:
    """The current page's absolute URL in each language (canonical and hreflang links)."""
    return {locale: locale_url(locale, full=True) for locale in SUPPORTED_LOCALES}


# A year written as 2400 or later is Buddhist era: the Common Era reaches it in 2400 CE, and
# Thai registers have written Buddhist-era years since long before 1857 CE (2400 BE).
BUDDHIST_ERA_FROM = 2400


def buddhist_year(year: int) -> int:
    """The Buddhist-era year of Common Era ``year`` (2022 -> 2565)."""
    return year + BUDDHIST_ERA_OFFSET


def common_era_year(written: int) -> int:
    """A year as a Thai document writes it, in either era, as a Common Era year
    (2565 -> 2022; 2022 stays 2022)."""
    return written - BUDDHIST_ERA_OFFSET if written >= BUDDHIST_ERA_FROM else written


def format_year(year: int | None, locale: str = "th") -> str:
    """A Common Era year as the page's reader counts: Buddhist era in Thai, as is in English."""
    if year is None:
        return ""
    return str(buddhist_year(year) if locale.startswith("th") else year)


def format_thai_date(value: dt.date | dt.datetime | None, locale: str = "th",
                     short: bool = False) -> str:
    """``24 พฤศจิกายน 2569`` on Thai pages (Buddhist era), ``24 November 2026`` in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _formatted_date(value, locale, short)


@lru_cache(maxsize=4096)  # dates repeat: pages of one day's edits share them
def _formatted_date(value: dt.date, locale: str, short: bool) -> str:
    month = "MMM" if short else "MMMM"
    if locale.startswith("th"):
        day_month = format_date(value, f"d {month}", locale="th")
        return f"{day_month} {buddhist_year(value.year)}"
    return format_date(value, f"d {month} y", locale=locale)


BAHT_PATTERN = parse_pattern("¤#,##0")  # parsed once: Babel would parse it at every price


@lru_cache(maxsize=8)
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


@lru_cache(maxsize=4096)  # prices repeat: a few hundred distinct amounts on the whole site
def format_baht(amount: int | None, locale: str = "th") -> str:
    """``฿1,250``: whole baht with the locale's grouping (Babel's ``format_currency`` with the
    pattern ``¤#,##0``)."""
    if amount is None:
        return ""
    return BAHT_PATTERN.apply(amount, _babel_locale(locale), currency="THB",
                              currency_digits=False)


def format_price_range(low: int | None, high: int | None, locale: str = "th") -> str:
    """``฿150–฿300``, a single price, or empty when the price is unknown."""
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return format_baht(low if low is not None else high, locale)
    return f"{format_baht(low, locale)}–{format_baht(high, locale)}"


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and register the formatting filters for templates."""
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(TRANSLATIONS))
    app.jinja_env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.wsgi_app = LanguagePrefix(app.wsgi_app)
    app.jinja_env.globals.update(locale_url=locale_url, alternate_urls=alternate_urls,
                                 LOCALES=SUPPORTED_LOCALES, get_locale=select_locale)
    app.context_processor(lambda: {"lang": select_locale()})  # the page's language, asked once
    app.jinja_env.filters["thaidate"] = lambda v, short=False: format_thai_date(
        v, select_locale(), short
    )
    app.jinja_env.filters["year"] = lambda v: format_year(v, select_locale())
    app.jinja_env.filters["baht"] = lambda v: format_baht(v, select_locale())
    app.jinja_env.filters["number"] = lambda v: format_decimal(v, locale=select_locale())
    app.jinja_env.globals["price_range"] = lambda lo, hi: format_price_range(
        lo, hi, select_locale()
    )
