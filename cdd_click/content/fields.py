"""Converters for front-matter values: each returns the clean value or raises FieldError."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from cdd_click.i18n import common_era_year
from cdd_click.models.common import Status
from cdd_click.models.listing import ListingKind
from cdd_click.text import markdown_problem
from cdd_click.vocabulary import CATEGORY_THAI_NAMES, parse_category, parse_kind

# A generous box around Thailand; villages are further checked against their subdistrict.
THAILAND_BOUNDS = {"lat": (5.6, 20.5), "lon": (97.3, 105.7)}
_THAI_CHAR_RE = re.compile(r"[\u0E00-\u0E7F]")
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{7,18}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# the department's own ids (an OTOP product code, สกพ-ม-001): the import's rule too
EXTERNAL_ID_RE = re.compile(r"[0-9A-Za-z\u0E01-\u0E2E][0-9A-Za-z\u0E01-\u0E4E\-/._]{0,63}")
MAX_BODY_CHARS = 50_000  # the admin form's limit too: a body is the same whichever way it comes in

Converter = Callable[[Any], Any]


class FieldError(ValueError):
    """A value that cannot be accepted, with a message for the person who wrote it."""


def text(max_length: int = 2000) -> Converter:
    """A non-empty single string of at most ``max_length`` characters."""

    def convert(value: Any) -> str:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise FieldError("must be text")
        cleaned = str(value).strip()
        if not cleaned:
            raise FieldError("must not be empty")
        if len(cleaned) > max_length:
            raise FieldError(f"longer than {max_length} characters")
        return cleaned

    return convert


def markdown_body(value: str) -> str:
    """The Markdown text, no longer than an editor may type into the admin form."""
    if len(value) > MAX_BODY_CHARS:
        raise FieldError(f"{len(value):,} characters; the limit is {MAX_BODY_CHARS:,}")
    problem = markdown_problem(value)  # the admin form's and the import's rule too
    if problem:
        raise FieldError(problem)
    return value


def markdown_text(value: Any) -> str:
    """A Markdown text in the front matter (``body_en: |``), as long as a body may be."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError("must be Markdown text (write it as a block: body_en: |)")
    return markdown_body(value.strip())


def thai_text(max_length: int = 200) -> Converter:
    """Text that contains Thai script (titles and summaries are Thai first)."""
    base = text(max_length)

    def convert(value: Any) -> str:
        cleaned = base(value)
        if not _THAI_CHAR_RE.search(cleaned):
            raise FieldError("must be written in Thai")
        return cleaned

    return convert


def year(value: Any) -> int:
    """A year in the Buddhist era (2565) or the Common Era (2022), Thai digits too; stored as
    Common Era. From 1990 to next year."""
    written = str(value).strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    written = re.sub(r"^(พ\.ศ\.|ค\.ศ\.)\s*", "", written)
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{4}", written):
        raise FieldError("must be a year, e.g. 2565 (Buddhist era) or 2022")
    found, latest = common_era_year(int(written)), dt.date.today().year + 1
    if not 1990 <= found <= latest:
        raise FieldError(f"{written} is not a year from 1990 (2533) to {latest} ({latest + 543})")
    return found


def integer(low: int, high: int) -> Converter:
    """A whole number between ``low`` and ``high`` inclusive."""

    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise FieldError(f"must be a whole number from {low} to {high}")
        try:
            number = int(value)
        except ValueError as exc:
            raise FieldError(f"must be a whole number from {low} to {high}") from exc
        if not low <= number <= high:
            raise FieldError(f"{number} is outside {low}–{high}")
        return number

    return convert


def coordinate(axis: str) -> Converter:
    """A latitude or longitude in decimal degrees inside Thailand."""
    low, high = THAILAND_BOUNDS[axis]

    def convert(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError("must be a number in decimal degrees")
        if not low <= float(value) <= high:
            raise FieldError(f"{value} is outside Thailand ({low}–{high})")
        return float(value)

    return convert


def boolean(value: Any) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise FieldError("must be true or false")
    return value


def code_list(allowed: tuple, what: str) -> Converter:
    """A list of codes from ``allowed`` (a single code is taken as a list of one), kept in the
    order of ``allowed`` and without repeats."""
    def convert(value: Any) -> list:
        items = value if isinstance(value, list) else [value]
        wrong = [item for item in items if item not in allowed]
        if wrong:
            shown = ", ".join(map(str, allowed))
            raise FieldError(f"{', '.join(map(str, wrong))}: not {what} ({shown})")
        return [code for code in allowed if code in items]
    return convert


def clock_time(value: Any) -> str:
    """A time of day, ``HH:MM`` (``9:00`` and ``09.00`` are read too)."""
    found = re.fullmatch(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])", str(value).strip())
    if isinstance(value, bool) or not found:
        raise FieldError("must be a time of day such as 09:00")
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def string_list(value: Any) -> list[str]:
    """A list of short texts (a single text is taken as a list of one)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str | int) for i in items):
        raise FieldError("must be a list of texts")
    return [str(item).strip() for item in items if str(item).strip()]


def subdistrict_code(value: Any) -> str:
    """A 6-digit DOPA subdistrict code (existence is checked against the database later)."""
    code = str(value).strip() if isinstance(value, str | int) else ""
    if not re.fullmatch(r"[1-9][0-9]{5}", code):
        raise FieldError("must be a 6-digit DOPA subdistrict code")
    return code


def slug(value: Any) -> str:
    """A slug of another item."""
    cleaned = text(120)(value)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", cleaned):
        raise FieldError("must be a slug (lowercase a-z, 0-9 and hyphens)")
    return cleaned


def external_id(value: Any) -> str:
    """The department's id of an item (Thai or Latin letters, digits, - / . _; 64 at most)."""
    cleaned = text(64)(value)
    if not EXTERNAL_ID_RE.fullmatch(cleaned):
        raise FieldError("must be an id of letters, digits and - / . _ (at most 64)")
    return cleaned


def kind(value: Any) -> str:
    """A listing kind."""
    parsed = parse_kind(value if isinstance(value, str) else None)
    if parsed is None:
        raise FieldError("must be one of " + ", ".join(ListingKind))
    return str(parsed)


def otop_category(value: Any) -> str:
    """One of the five official OTOP categories, by Thai name or code."""
    parsed = parse_category(value if isinstance(value, str) else None)
    if parsed is None:
        raise FieldError("must be one of: " + " | ".join(dict.fromkeys(CATEGORY_THAI_NAMES)))
    return str(parsed)


def phone(value: Any) -> str:
    """A Thai or international phone number."""
    cleaned = text(40)(value)
    if not _PHONE_RE.match(cleaned):
        raise FieldError("must be a phone number such as 053 123 456")
    return cleaned


def email(value: Any) -> str:
    """An e-mail address."""
    cleaned = text(120)(value)
    if not _EMAIL_RE.match(cleaned):
        raise FieldError("must be an e-mail address")
    return cleaned


def url(value: Any) -> str:
    """An http(s) address."""
    cleaned = text(300)(value)
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", cleaned):
        raise FieldError("must be a web address starting with https://")
    return cleaned


def published_date(value: Any) -> dt.date:
    """A Gregorian date written YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise FieldError(f"{value!r} is not a date written YYYY-MM-DD") from exc
    if value.year > 2400:
        raise FieldError(f"year {value.year} looks Buddhist-era; write the Gregorian year")
    if value.year < 1900:
        raise FieldError(f"year {value.year} is too early")
    return value


def checked_date(value: Any) -> dt.date:
    """The day staff last confirmed an item (``checked_on: YYYY-MM-DD``): not in the future."""
    value = published_date(value)
    if value > dt.date.today() + dt.timedelta(days=1):  # a day's grace: Bangkok is ahead of UTC
        raise FieldError(f"{value.isoformat()} is in the future")
    return value


def source_list(value: Any) -> list[dict[str, str]]:
    """Where the facts come from: ``[{title: …, url: https://…}]`` (cdd_click/sources.py)."""
    from cdd_click import sources

    try:
        return sources.parse_list(value)
    except sources.SourceError as problem:
        raise FieldError(str(problem)) from None


def status(value: Any) -> str:
    """draft, published or archived."""
    if value not in {member.value for member in Status}:
        raise FieldError("must be draft, published or archived")
    return str(value)


def province_code(value: Any) -> str:
    """A 2-digit DOPA province code (existence is checked against the database later)."""
    code = str(value).strip() if isinstance(value, str | int) else ""
    if not re.fullmatch(r"[1-9][0-9]", code):
        raise FieldError("must be a 2-digit DOPA province code")
    return code


def photo_list(value: Any) -> list[dict[str, str]]:
    """Photos as ``[{file: media/x.webp, alt: Thai description}]`` (files checked later)."""
    if not isinstance(value, list):
        raise FieldError("must be a list of {file, alt}")
    photos = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"file", "alt"}:
            raise FieldError("each photo needs exactly file and alt")
        file = str(entry["file"]).strip()
        if not re.fullmatch(r"media/[A-Za-z0-9._-]+\.(?:webp|jpe?g|png)", file):
            raise FieldError(f"{file!r}: photo files live in media/ (webp, jpg or png)")
        alt = thai_text(300)(entry["alt"])
        photos.append({"file": file, "alt": alt})
    return photos
