"""Locale selection, Buddhist-era dates and number/price formatting.

Babel has no Buddhist calendar, so Thai dates take Babel's Thai month names and add 543 to the
year here — the one place the site formats dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from flask import Flask, has_request_context, request
from flask_babel import get_locale

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
    """The locale is part of the URL: Thai unprefixed, English under /en/."""
    return request.environ.get("cdd.locale", DEFAULT_LOCALE) if has_request_context() \
        else DEFAULT_LOCALE


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


def format_thai_date(value: dt.date | dt.datetime | None, locale: str = "th",
                     short: bool = False) -> str:
    """``24 พฤศจิกายน 2569`` on Thai pages (Buddhist era), ``24 November 2026`` in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    month = "MMM" if short else "MMMM"
    if locale.startswith("th"):
        day_month = format_date(value, f"d {month}", locale="th")
        return f"{day_month} {value.year + BUDDHIST_ERA_OFFSET}"
    return format_date(value, f"d {month} y", locale=locale)


def format_baht(amount: int | None, locale: str = "th") -> str:
    """``฿1,250``: whole baht with the locale's grouping."""
    if amount is None:
        return ""
    return format_currency(amount, "THB", locale=locale, format="¤#,##0", currency_digits=False)


def format_price_range(low: int | None, high: int | None, locale: str = "th") -> str:
    """``฿150–฿300``, a single price, or empty when the price is unknown."""
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return format_baht(low if low is not None else high, locale)
    return f"{format_baht(low, locale)}–{format_baht(high, locale)}"


def _current_locale() -> str:
    return str(get_locale() or "th")


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and register the formatting filters for templates."""
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(TRANSLATIONS))
    app.wsgi_app = LanguagePrefix(app.wsgi_app)
    app.jinja_env.globals.update(locale_url=locale_url, LOCALES=SUPPORTED_LOCALES)
    app.jinja_env.filters["thaidate"] = lambda v, short=False: format_thai_date(
        v, _current_locale(), short
    )
    app.jinja_env.filters["baht"] = lambda v: format_baht(v, _current_locale())
    app.jinja_env.filters["number"] = lambda v: format_decimal(v, locale=_current_locale())
    app.jinja_env.globals["price_range"] = lambda lo, hi: format_price_range(
        lo, hi, _current_locale()
    )
