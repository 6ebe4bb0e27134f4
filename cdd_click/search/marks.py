"""Queries typed without tone marks: the marks put back from titles and place names.

People often type Thai without tone marks, mai taikhu or thanthakhat (``thai.strip_tones``:
่ ้ ๊ ๋ ็ ์), and the mark-less form is often a word of its own: บ้าน (house) typed บาน (to
bloom), น่าน (the province) typed นาน (long). Word-by-word correction keeps such words, so
"บานบางเจาฉา" found nothing and "ผาไหม นาน" mixed results. Here a query is read as a whole
first, then chunk by chunk:

- the whole query, or a chunk, is an item's name without its marks: every Thai name key of a
  document is also indexed under ``TITLE_KEY`` + its mark-less form (``toneless_keys``), so this
  is one posting-list lookup, never a scan of titles; a name typed exactly as some item's name
  is never changed (the exact title wins);
- a chunk is a province or district name without its marks (นาน → น่าน, อางทอง → อ่างทอง);
- a chunk that is no word is an indexed word without its marks (ผาไหม → ผ้าไหม); a chunk that
  is a word is read as another only when the marked word is far more frequent (บาน → บ้าน).

``Restored.changes_meaning`` says that a word typed, itself a word, was read as another: the
search then only offers it ("did you mean") when the query as typed finds what it asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cdd_click.search.thai import THAI_RE, TONE_MARKS_RE, strip_tones

TITLE_KEY = "^"  # name-key prefix of a Thai name typed without marks (never a compact query)
MIN_NAME = 4  # characters a chunk needs to be taken for an item's name
FREQUENT = 5  # a known word is read as its marked form only when that is this much more frequent
MAX_CHUNKS = 6


def toneless_keys(keys: set[str]) -> set[str]:
    """The mark-less name keys of a document's Thai name keys (only those with marks)."""
    return {TITLE_KEY + strip_tones(key) for key in keys
            if THAI_RE.search(key) and strip_tones(key) != key}


def put_marks(typed: str, marked: str) -> str:
    """``typed`` with the marks of ``marked`` (the same letters, spaces and punctuation apart)
    put back, keeping the spaces typed."""
    out, k = [], 0
    for ch in typed:
        if TONE_MARKS_RE.match(ch):
            continue  # the marks come from ``marked``
        if k < len(marked) and ch.lower() == marked[k]:
            out.append(ch)
            k += 1
            while k < len(marked) and TONE_MARKS_RE.match(marked[k]):
                out.append(marked[k])
                k += 1
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class Restored:
    """A query with its marks put back."""

    text: str
    changes_meaning: bool  # a chunk typed is a word of its own, read as another word
    whole: bool = False  # the whole query is an item's name


@lru_cache(maxsize=4)
def _toneless_places(gaz) -> dict[str, str]:
    """Mark-less Thai name → the name, for provinces and for districts whose name no other
    district shares (built once per process from the gazetteer)."""
    found: dict[str, set[str]] = {}
    for (level, _code), place in gaz.places.items():
        if level not in ("province", "district") or not place.name_th:
            continue
        if level == "district" and gaz.district_count.get(place.name_th, 0) != 1:
            continue
        bare = strip_tones(place.name_th)
        if bare != place.name_th and len(bare) >= 3:
            found.setdefault(bare, set()).add(place.name_th)
    return {bare: next(iter(names)) for bare, names in found.items() if len(names) == 1}


def restore(text: str, title_of: Callable[[str], str | None], lookup, gaz) -> Restored | None:
    """``text`` with its marks put back, or None. ``title_of(text)`` gives the marked name
    key of an item whose name is ``text`` without marks (None when ``text`` is itself a name);
    ``lookup`` is the spelling lookup (indexed words and their frequencies)."""
    if not THAI_RE.search(text):
        return None
    whole = title_of(text)
    if whole:
        return Restored(put_marks(text, whole), False, whole=True)
    if TONE_MARKS_RE.search(text):
        return None  # typed with marks: a missing one is the spelling corrector's
    chunks = text.split()
    if len(chunks) > MAX_CHUNKS:
        return None
    places = _toneless_places(gaz)
    out, meaning = [], False
    for chunk in chunks:
        fixed, changes = _chunk(chunk, title_of, lookup, places)
        out.append(fixed)
        meaning = meaning or changes
    restored = " ".join(out)
    return Restored(restored, meaning) if restored != " ".join(chunks) else None


def _chunk(chunk: str, title_of, lookup, places: dict[str, str]) -> tuple[str, bool]:
    """One chunk with its marks put back, and whether that changes a word into another."""
    if not THAI_RE.search(chunk):
        return chunk, False
    known = bool(lookup.known([chunk]))
    if len(chunk) >= MIN_NAME and (name := title_of(chunk)):
        return put_marks(chunk, name), known
    if chunk in places:
        return places[chunk], known
    marked = lookup.toneless_counts(chunk)
    if not marked:
        return chunk, False
    word, frequency = marked[0]
    if not known:
        return word, False
    own = lookup.frequency(chunk)
    return (word, True) if frequency >= FREQUENT * max(own, 1) else (chunk, False)


def marked_name(searcher, text: str) -> str | None:
    """The marked name key of a live item whose name is ``text`` typed without (some of) its
    marks; None when ``text`` is itself an item's name (the exact title wins) or no name.
    Two posting-list lookups in the ``name`` field."""
    from cdd_click.search.documents import compact, name_keys
    from cdd_click.search.facets import doc_arrays

    key = compact(text)
    if len(key) < 3 or not THAI_RE.search(key):
        return None
    arrays = doc_arrays(searcher)

    def live(term: str):
        docs = arrays.postings("name", term)[0]
        return docs[arrays.live[docs]]

    bare = strip_tones(key)
    if len(live(key)) or not len(found := live(TITLE_KEY + bare)):
        return None
    stored = searcher.stored_fields(int(found[0]))
    for name in name_keys(stored["title_th"], stored.get("title_en") or "").split(","):
        if THAI_RE.search(name) and name[0] != TITLE_KEY and strip_tones(name) == bare:
            return name
    return None
