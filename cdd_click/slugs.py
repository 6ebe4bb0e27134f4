"""Slugs (the a–z part of an item's address) made from its title, for the admin and imports."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_SLUG = 80
_THAI = re.compile(r"[\u0E00-\u0E7F]")


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (accents dropped, anything else a separator)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


@lru_cache(maxsize=50_000)  # names share their words: a sheet of 10,000 titles has a few thousand
def _romanized_word(word: str) -> str:
    from pythainlp.transliterate import romanize

    return romanize(word, engine="royin")


def romanized(thai: str) -> str:
    """Thai text in Royal Thai General System letters, word by word (search's base word list on
    nlpO3, loaded once per process, and PyThaiNLP's RTGS romaniser), as a slug:
    ``บ้านแม่กำปอง`` -> ``ban-mae-kam-pong``."""
    from cdd_click.search.thai import base_words

    words = base_words(thai)
    return slugify(" ".join(_romanized_word(w) if _THAI.search(w) else w for w in words))


def suggest_slug(title: str, title_en: str | None = None) -> str:
    """A slug from the English title when there is one, else from the Thai title romanised."""
    from_english = slugify(title_en or "")
    if len(from_english) >= 3:
        return from_english
    return romanized(title) or slugify(title) or "item"


def unique_slug(base: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3``, … : the first that ``taken(slug)`` says is free."""
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[:MAX_SLUG - len(suffix)].rstrip("-") + suffix
    return candidate
