"""Searching the index: query parsing, filters, facets, sorting, snippets, spelling and completion.

Every function takes an open Whoosh searcher and plain values; nothing here touches Flask.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from whoosh.fields import Schema
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from cdd_click import towns
from cdd_click.search import questions, rereading, spelling, thai, understanding
from cdd_click.search.documents import compact, loose_name
from cdd_click.search.facets import DocArrays, doc_arrays, posting_ids
from cdd_click.search.understanding import Correction, Gazetteer, Part, Understanding

MAX_QUERY_CHARS = 200
TEXT_FIELDS = ("title", "content", "extra", "parts")
SORTS = ("relevance", "newest", "nearest")
# Distinct words matched: a longer query is searched by its first 8. A lone letter (Thai or
# Latin) is no word: it is left out rather than matched against every syllable of the index.
MAX_QUERY_TERMS = 8
MAX_COMPLETIONS = 400  # indexed names a prefix expands to: bounds autocomplete on "ก" or "a"
NAME_BOOST = 25.0
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_query(raw: str | None) -> str:
    """The query as searched: normalised Thai, no control characters, at most 200 characters."""
    text = thai.normalize(_CONTROL_RE.sub(" ", raw or ""))
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def query_words(text: str, schema: Schema) -> list[tuple[str, str, int, int]]:
    """(word as typed, indexed term, start, end) of each query word, cut by the index's analyzer."""
    tokens = schema["content"].analyzer(text, keeporiginal=True, chars=True)
    return [(t.original, t.text, t.startchar, t.endchar) for t in tokens]


def word_clause(term: str) -> Query:
    """One query word: a whole word of a text field, or a part of a longer Thai word."""
    return Or([Term(name, term) for name in TEXT_FIELDS])


@dataclass
class SearchRequest:
    """What to search for: text, facet filters, sort order and page."""

    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    origin: tuple[float, float] | None = None
    page: int = 1
    per_page: int = 10
    typed: str = ""  # the query as typed (not normalised): wrong-keyboard-layout detection
    understand: bool = True  # read places, kinds and categories out of the words


@dataclass
class Hit:
    """One result, with everything a results page or the API shows."""

    type: str
    slug: str
    title: str
    title_en: str
    snippet: str
    kind: str | None
    province: str | None
    province_name: str | None
    distance_km: float | None = None


@dataclass
class SearchResult:
    """A page of hits, facet counts and a spelling suggestion."""

    query: str
    total: int
    page: int
    pages: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    understanding: Understanding | None = None
    all_words: bool = True  # False: no result holds every word; these hold some of them
    dropped: list[str] = field(default_factory=list)  # words no result holds
    next_steps: list[NextStep] = field(default_factory=list)
    origin: tuple[float, float] | None = None  # the point distances are measured from
    near_label: str = ""  # what "near" was read as, when it named an item


NEXT_STEP_REASONS = ("without_words", "kind_everywhere", "nearby_province", "place_everything")


@dataclass
class NextStep:
    """A search worth trying when a query finds nothing: ``params`` for /search (or, with
    ``listings``, for /listings) and what it shows."""

    reason: str  # "without_words", "kind_everywhere", "place_everything", "nearby_province"
    params: dict[str, str]
    count: int = 0
    province: str = ""


def _word_edge(text: str, index: int, step: int, reach: int = 30) -> int:
    """``index`` moved to the nearest space within ``reach`` characters (Thai phrases end at
    spaces), so a snippet never starts or stops inside a word."""
    for offset in range(reach):
        position = index + offset * step
        if position <= 0 or position >= len(text):
            return max(0, min(position, len(text)))
        if text[position].isspace():
            return position
    return index


def make_snippet(text: str, words: list[str], width: int = 180) -> str:
    """HTML-escaped excerpt of ``text`` around the first query word, query words in <mark>."""
    lowered = text.lower()
    needles = [w.lower() for w in words if w.strip()]
    positions = [lowered.find(n) for n in needles if lowered.find(n) >= 0]
    start = _word_edge(text, max(0, min(positions) - width // 3), -1) if positions else 0
    end = _word_edge(text, start + width, 1)
    excerpt = text[start:end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    escaped = html.escape(" ".join(excerpt.split()))
    for needle in sorted(set(needles), key=len, reverse=True):
        pattern = re.escape(html.escape(needle))
        escaped = re.sub(f"(?i)(?<!<mark>)({pattern})", r"<mark>\1</mark>", escaped)
    return prefix + escaped.replace("</mark><mark>", "") + suffix


def _hit(stored: dict, words: list[str], distance: float | None) -> Hit:
    return Hit(
        type=stored["type"], slug=stored["slug"], title=stored["title_th"],
        title_en=stored.get("title_en") or "",
        snippet=make_snippet(stored.get("content") or stored.get("summary", ""), words),
        kind=stored.get("kind"), province=stored.get("province"),
        province_name=stored.get("province_name"),
        distance_km=None if distance is None or math.isinf(distance) else round(distance, 1),
    )


COORDINATION = 1000.0  # a matched word outweighs any BM25 score: more words matched rank first
OPTIONAL_WEIGHT = 0.5  # understood words (a kind, a place) still order results a little
VILLAGE_FIRST = 100.0  # with no words left ("เชียงใหม่", "ภาคเหนือ"), villages before listings
ARTICLE_FIRST = 100.0  # a question ("นวัตวิถี คืออะไร"): the articles that hold its words first
NEARBY_PROVINCES = 3
NEARBY_SCAN = 2000  # nearest documents looked at to find the nearby provinces
MAX_PARTIAL_DROPPED = 1  # words a partial match may leave out (of three or more)


@dataclass
class _Plan:
    """Which documents match, and the terms they are ranked by (BM25F, see ``bm25_scores``)."""

    mask: np.ndarray
    terms: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    name_keys: tuple[str, ...] = ()
    words: np.ndarray | None = None  # documents that match the words (without the name)
    coordination: np.ndarray | None = None  # words matched per document (partial matches)
    first: np.ndarray | None = None  # documents ranked before the others (a question's articles)


def whoosh_plan(arrays: DocArrays, terms: list[str], masks: list[np.ndarray], name_key: str,
                any_word: bool) -> tuple[_Plan, Query]:
    """The plan of the words (AND, or with ``any_word`` OR) or the exact name, and the same
    query as Whoosh would run it: ``bm25_scores`` must give Whoosh's scores (tests/test_bm25)."""
    combined = np.logical_or.reduce(masks) if any_word else np.logical_and.reduce(masks)
    clauses = [word_clause(term) for term in terms]
    words = Or(clauses) if any_word else And(clauses)
    whoosh = Or([words, Term("name", name_key, boost=NAME_BOOST)])
    plan = _Plan(combined | arrays.term("name", name_key), tuple(terms), (), (name_key,),
                 combined)
    return plan, whoosh


def bm25_scores(arrays: DocArrays, plan: _Plan) -> np.ndarray:
    """Whoosh's BM25F score of the words for every document, computed with NumPy from the
    posting lists: the sum over the words' fields, counted only where the words match, plus
    the understood words at ``OPTIONAL_WEIGHT``, the exact-name term times ``NAME_BOOST``, and
    ``COORDINATION`` per word matched when only some words match."""
    score = np.zeros(arrays.size, np.float64)
    for term in plan.terms:
        for name in TEXT_FIELDS:
            score += arrays.bm25(name, term)
    if plan.words is not None:
        score[~plan.words] = 0.0
    for term in plan.optional:
        for name in TEXT_FIELDS:
            score += OPTIONAL_WEIGHT * arrays.bm25(name, term)
    if plan.coordination is not None:
        score += COORDINATION * plan.coordination
    for key in plan.name_keys:
        score += NAME_BOOST * arrays.weights("name", key)
    if not plan.terms:  # only filters and understood words: a place's villages first
        score += VILLAGE_FIRST * arrays.term("type", "village")
    if plan.first is not None:
        score += ARTICLE_FIRST * plan.first
    return score


def _ranked(searcher: Searcher, plan: _Plan, request: SearchRequest, arrays: DocArrays,
            origin: tuple[float, float] | None, sort: str, start: int,
            stop: int) -> list[tuple[dict, float | None]]:
    """Stored fields (and distance) of the hits at positions ``start:stop``."""
    distances = arrays.distances_km(origin) if origin else None
    if sort == "nearest" and origin:
        docnums = arrays.nearest(plan.mask, origin, start, stop)
    elif sort == "newest" or not (plan.terms or plan.optional or plan.name_keys):
        docnums = arrays.newest(plan.mask, start, stop)
    else:
        docnums = arrays.ranked(plan.mask, bm25_scores(arrays, plan), start, stop)
    return [(searcher.stored_fields(d), None if distances is None else float(distances[d]))
            for d in docnums]


def _terms(text: str, schema: Schema) -> dict[str, str]:
    """Indexed term → word as typed, for the distinct words of ``text`` (the first 8)."""
    found = query_words(text, schema) if text else []
    return dict(list({term: word for word, term, _s, _e in found
                      if len(term) > 1 or term.isdigit()}.items())[:MAX_QUERY_TERMS])


def _place_mask(arrays: DocArrays, place, schema: Schema) -> np.ndarray:
    """Documents in a region, province, district or subdistrict. Districts and subdistricts
    are matched by their Thai name among the place words of documents in their province."""
    if place.level == "region":
        return np.logical_or.reduce([arrays.term("province", code) for code in
                                     understanding.region_provinces(place.code)])
    mask = arrays.term("province", place.province)
    if place.level in ("district", "subdistrict"):
        for _word, term, _s, _e in query_words(place.name_th, schema):
            mask = mask & arrays.term("extra", term)
    return mask


def _filter_mask(arrays: DocArrays, filters: dict[str, str], gaz: Gazetteer | None,
                 schema: Schema) -> np.ndarray:
    allowed = arrays.live.copy()
    for name, value in filters.items():
        if name in ("region", "district", "subdistrict"):
            place = gaz.place(name, value) if gaz else None
            if place is None and name == "region" and value in understanding.REGIONS:
                place = understanding.Place("region", value, "", value, value)
            allowed &= _place_mask(arrays, place, schema) if place else False
        else:
            allowed &= arrays.term(name, value)
    return allowed


def _point(arrays: DocArrays, place, schema: Schema,
           points: Callable[[], dict[str, tuple[float, float]]]) -> tuple[float, float] | None:
    """Where "near ``place``" measures from: the town of a province (its capital) or of a
    district (its seat), a subdistrict's centroid (``towns``, from the shipped centroids).
    Without them (the file removed), the database's district centroid; else, and for a region,
    which has no town, the middle of the place's documents."""
    if place.level != "region" and (point := towns.place_point(place.level, place.code)):
        return point
    district = {"district": place.code, "province": f"{place.code}01",
                "subdistrict": place.code[:4]}.get(place.level)
    if district and district in points():  # the capital district of a province
        return points()[district]
    located = (arrays.lat != 0) | (arrays.lon != 0)
    mask = _place_mask(arrays, place, schema) & arrays.live & located
    if not mask.any():
        return None
    return float(arrays.lat[mask].mean()), float(arrays.lon[mask].mean())


def _item_point(searcher: Searcher, arrays: DocArrays,
                words: str) -> tuple[tuple[float, float], str] | None:
    """The coordinates and title of the item named ``words`` ("ใกล้ แม่กำปอง")."""
    for key in _name_keys(words):
        mask = arrays.term("name", key) & arrays.live & ((arrays.lat != 0) | (arrays.lon != 0))
        docs = arrays.newest(mask, 0, 1)
        if docs:
            stored = searcher.stored_fields(docs[0])
            return (float(arrays.lat[docs[0]]), float(arrays.lon[docs[0]])), stored["title_th"]
    return None


def _name_keys(text: str) -> tuple[str, ...]:
    """Exact-name keys of a query: as written, and loosely romanised ("kiriwong")."""
    keys = [compact(text)] if text else []
    if text and text.isascii():
        keys.append(loose_name(text))
    return tuple(k for k in dict.fromkeys(keys) if k)


def _understand(searcher: Searcher, request: SearchRequest, gaz: Gazetteer,
                lookup: spelling.SpellingLookup | None, text: str) -> Understanding:
    """Rewrite the query where it was mistyped unambiguously, then read its parts."""
    corrections = []
    fixed = understanding.thai_digits(text)
    if fixed != text:
        corrections.append(Correction("digits", text, fixed))
        text = fixed

    def known(words: list[str]) -> set[str]:
        found = {w for w in words if understanding.compact_key(w) in gaz.phrases}
        return found | (lookup.known([w.lower() for w in words]) if lookup else set())

    def thai_known(candidate: str) -> bool:
        pieces = [w for w, _t, _s, _e in query_words(candidate, searcher.schema)]
        return bool(pieces) and all(len(p) > 1 for p in pieces) \
            and len(known(pieces)) == len(set(pieces))

    typed = " ".join((request.typed or text).split())
    layout = understanding.keyboard_fix(typed, known)
    if layout and layout.isascii() and thai_known(typed):
        layout = None  # Thai words, typed as meant ("บ้านภู" is no "ko")
    if layout and (layout.isascii() or thai_known(thai.normalize(layout))):
        layout = clean_query(layout)
        corrections.append(Correction("keyboard", typed, layout))
        text = layout
    tokens = [(w, s, e) for w, _t, s, e in query_words(text, searcher.schema)]
    roman = understanding.romanised_fix(tokens, text, gaz)
    if roman:
        corrections.append(Correction("romanised", text, roman))
        text = roman
        tokens = [(w, s, e) for w, _t, s, e in query_words(text, searcher.schema)]
    read = understanding.read(text, tokens, gaz)
    read.corrections = corrections
    return read


def _nearby_provinces(arrays: DocArrays, mask: np.ndarray, point: tuple[float, float],
                      exclude: str) -> list[tuple[str, int]]:
    """Up to three provinces that hold documents of ``mask``, with counts, nearest first by the
    distance of their towns from ``point`` (a province's own town when the place is one:
    ``towns``); without the shipped centroids, by their documents nearest ``point``."""
    values, codes = arrays.values["province"], arrays.codes["province"]
    held = np.bincount(codes[mask], minlength=len(values))
    counts = {values[i]: int(held[i]) for i in np.flatnonzero(held) if values[i]}
    order = [p for p in towns.provinces_by_distance(point) if p in counts] or \
        _provinces_of_nearest(arrays, mask, point)
    return [(p, counts[p]) for p in order if p != exclude][:NEARBY_PROVINCES]


def _provinces_of_nearest(arrays: DocArrays, mask: np.ndarray,
                          point: tuple[float, float]) -> list[str]:
    """Provinces in the order of their documents nearest ``point``."""
    docs = np.flatnonzero(mask & ((arrays.lat != 0) | (arrays.lon != 0)))
    nearest = docs[np.argsort(arrays.distances_km(point)[docs], kind="stable")[:NEARBY_SCAN]]
    values = arrays.values["province"]
    return list(dict.fromkeys(values[c] for c in arrays.codes["province"][nearest] if values[c]))


def _next_steps(arrays: DocArrays, filters: dict[str, str], words: str, dropped: list[str],
                gaz: Gazetteer | None, schema: Schema,
                point: tuple[float, float] | None) -> list[NextStep]:
    """What to try when nothing matches: the query without its missing words, the kind's
    whole list, everything in the place, and the nearest provinces that have what was asked."""
    place_params = ("region", "province", "district", "subdistrict")
    what = {k: v for k, v in filters.items() if k not in place_params}
    where = {k: v for k, v in filters.items() if k in place_params}
    steps = _without_words(arrays, filters, words, dropped, gaz, schema)
    if what and where:
        mask = _filter_mask(arrays, what, gaz, schema)
        if mask.any():
            steps.append(NextStep("kind_everywhere", dict(what), int(mask.sum())))
        if point:
            steps += [NextStep("nearby_province", {**what, "province": province}, count,
                               province=province) for province, count in
                      _nearby_provinces(arrays, mask, point, filters.get("province", ""))]
    if where and (what or words):
        mask = _filter_mask(arrays, where, gaz, schema)
        if mask.any():
            steps.append(NextStep("place_everything", dict(where), int(mask.sum())))
    return steps


def _without_words(arrays: DocArrays, filters: dict[str, str], words: str, dropped: list[str],
                   gaz: Gazetteer | None, schema: Schema) -> list[NextStep]:
    """The query without the words that match nothing, when that finds something."""
    kept = " ".join(w for w in words.split() if w not in dropped)
    if not dropped or not (kept or filters):
        return []
    mask = _filter_mask(arrays, filters, gaz, schema)
    for term in _terms(kept, schema):
        mask = mask & arrays.contains(TEXT_FIELDS, term)
    return [NextStep("without_words", {"q": kept, **filters}, int(mask.sum()))] \
        if mask.any() else []


def search(searcher: Searcher, request: SearchRequest,
           lookup: spelling.SpellingLookup | None = None,
           gaz: Gazetteer | None = None,
           points: Callable[[], dict[str, tuple[float, float]]] | None = None) -> SearchResult:
    """Run ``request``: read its parts (``understanding``), then the documents that hold every
    remaining word; when none does, those holding most of them, said so, unless a word that
    matters matches nothing at all. A misspelling is searched as corrected when that is
    unambiguous (tone marks) or when the query as typed finds nothing; otherwise offered."""
    points = points or dict
    result = _search_read(searcher, request, lookup, gaz, points, request.text)
    if lookup is None or not request.text:
        return result
    if gaz is not None and request.understand:
        # read again: the tone marks typed without, then a misspelt place name
        def again(text: str) -> SearchResult:
            return _search_read(searcher, request, lookup, gaz, points, text)

        reread = rereading.with_marks(searcher, request.text, lookup, gaz, result, again) or \
            rereading.misspelt_place(searcher, request.text, lookup, gaz, result, again)
        if reread is not None:
            return reread
    text = result.understanding.text if result.understanding else request.text
    # neither a question's words nor a place already read are "corrected" (ubol is Ubon)
    read = result.understanding
    keep = [*read.asked, *(p.text for p in read.parts if p.place)] if read else []
    suggestion = suggest_correction(searcher, text, lookup, keep=keep)
    if not suggestion or suggestion == text:
        return result
    tones_only = understanding.strip_tones(suggestion) == understanding.strip_tones(text)
    if result.understanding is not None and (tones_only or not result.total
                                             or not result.all_words):
        retry = _search_once(searcher, request, lookup, gaz, points, suggestion)
        if retry.total and retry.all_words and retry.understanding is not None:
            fix = Correction("tone_marks" if tones_only else "spelling", text, suggestion,
                             guess=not tones_only)
            retry.understanding.corrections = [*result.understanding.corrections, fix,
                                               *retry.understanding.corrections]
            retry.query = request.text
            return retry
    result.suggestion = suggestion
    return result


def _search_read(searcher: Searcher, request: SearchRequest,
                 lookup: spelling.SpellingLookup | None, gaz: Gazetteer | None, points,
                 text: str) -> SearchResult:
    """``text`` searched as understood; when words beside the understood parts match nothing
    under their filters ("what is otop"), the words as typed, if they all match."""
    result = _search_once(searcher, request, lookup, gaz, points, text)
    if result.understanding is not None and result.understanding.parts and \
            result.understanding.words_text and not (result.total and result.all_words):
        # the words as typed may still match ("What is OTOP?")
        literal = _search_once(searcher, request, lookup, None, points, text)
        if literal.total and literal.all_words:
            return literal
    return result


@dataclass
class _Reading:
    """A query's understood parts turned into filters, a distance origin and words."""

    filters: dict[str, str]
    words: str
    optional: str = ""
    origin: tuple[float, float] | None = None
    sort: str = "relevance"
    near_label: str = ""


def _apply(searcher: Searcher, arrays: DocArrays, request: SearchRequest, read: Understanding,
           points: Callable[[], dict[str, tuple[float, float]]]) -> _Reading:
    """Filters, origin and words from ``read``; the URL's own filters win over the words."""
    out = _Reading(dict(request.filters), read.words_text, "", request.origin, request.sort)
    kept = []
    for part in read.parts:
        if part.role == "near":
            point = _point(arrays, part.place, searcher.schema, points)
            if point is None:  # nowhere to measure from: the place is a filter instead
                part.role, part.param = "place", part.place.level
            else:
                out.origin = point
        if part.role != "near" and (part.param in out.filters
                                    or _names_something_else(arrays, part, searcher.schema)):
            out.words = f"{out.words} {part.text}".strip()  # searched as words instead
            continue
        if part.role != "near":
            out.filters[part.param] = part.value
        kept.append(part)
        if not part.keep:
            out.optional += " " + part.text
    read.parts = kept
    if read.near_words and read.part("near") is None:
        start, end = read.near_words
        found = _item_point(searcher, arrays, read.text[start:end])
        if found:
            out.origin, out.near_label = found
            read.parts.append(Part("near", "near", "item", read.text[start:end], start, end))
            named = read.text[start:end].split()
            out.words = " ".join(w for w in out.words.split() if w not in named)
    if (read.part("near") or (read.near_me and request.origin)) and request.sort == "relevance":
        out.sort = "nearest"
    return out


def _names_something_else(arrays: DocArrays, part: Part, schema: Schema) -> bool:
    """True when a district or subdistrict name (written without อ./ต.) is also in the title of
    an item elsewhere: คีรีวง is a village in Nakhon Si Thammarat and a subdistrict in Krabi."""
    if part.place is None or part.marked or part.place.level not in ("district", "subdistrict"):
        return False
    titled = np.logical_and.reduce([arrays.term("title", term) for _w, term, _s, _e in
                                    query_words(part.text, schema)] or [np.zeros(0, bool)])
    return bool(titled.size and (titled & ~_place_mask(arrays, part.place, schema)).any())


def _match(arrays: DocArrays, request: SearchRequest, reading: _Reading, allowed: np.ndarray,
           schema: Schema, understood: bool,
           whole: tuple[str, ...] = ()) -> tuple[_Plan, bool, list[str], list[str]]:
    """The plan for the words under ``allowed``: every word; else most of them, when the words
    left out are few and each of the others matches; else nothing. Also returns whether every
    word matched, the words no document holds, and the words as typed."""
    unique = _terms(reading.words, schema)
    words, terms = list(unique.values()), list(unique)
    optional = tuple(t for t in _terms(reading.optional, schema) if t not in unique)
    # the whole query may be an item's exact name even when a place was read out of it
    # ("บ้านเจริญสุข": the subdistrict, and the village of that name first)
    name_keys = tuple(dict.fromkeys(_name_keys(reading.words) + whole))
    if not terms:
        return _Plan(allowed, (), optional), True, [], words
    masks = [arrays.contains(TEXT_FIELDS, term) for term in terms]
    named = np.logical_or.reduce([arrays.term("name", k) for k in name_keys]) \
        if name_keys else np.zeros(arrays.size, bool)
    every = np.logical_and.reduce(masks)
    plan = _Plan((every | named) & allowed, tuple(terms), optional, name_keys, every)
    if plan.mask.any():
        return plan, True, [], words
    dropped = [word for word, mask in zip(words, masks, strict=True) if not (mask & allowed).any()]
    matched = len(terms) - len(dropped)
    partial = (not dropped if len(terms) == 2 else
               len(dropped) <= MAX_PARTIAL_DROPPED and matched >= 2)
    if len(terms) > 1 and (partial or not request.understand):
        some = np.logical_or.reduce(masks)
        count = np.sum(masks, axis=0, dtype=np.float64)
        return _Plan(some & allowed, tuple(terms), optional, name_keys, some, count), False, \
            dropped, words
    if understood and dropped:
        # "cheap homestay in pai": what was understood still holds, without the words nothing
        # holds; said so, like any partial match
        kept = [mask for word, mask in zip(words, masks, strict=True) if word not in dropped]
        holds = np.logical_and.reduce(kept) if kept else np.ones(arrays.size, bool)
        if (holds & allowed).any():
            kept_terms = tuple(t for t, w in zip(terms, words, strict=True) if w not in dropped)
            return _Plan(holds & allowed, kept_terms, optional, (), holds), False, dropped, words
    return plan, len(terms) == 1, dropped or list(words), words


def _search_once(searcher: Searcher, request: SearchRequest,
                 lookup: spelling.SpellingLookup | None, gaz: Gazetteer | None,
                 points: Callable[[], dict[str, tuple[float, float]]], text: str) -> SearchResult:
    arrays = doc_arrays(searcher)
    schema = searcher.schema
    read = None
    reading = _Reading(dict(request.filters), text, "", request.origin, request.sort)
    if gaz is not None and request.understand and text:
        read = _understand(searcher, request, gaz, lookup, text)
        reading = _apply(searcher, arrays, request, read, points)
    if not (reading.words or reading.filters or reading.origin):
        return SearchResult(request.text, 0, 1, 0, request.per_page, [],
                            arrays.counts(arrays.live), understanding=read)
    allowed = _filter_mask(arrays, reading.filters, gaz, schema)
    understood = bool(read and read.parts)
    whole = _name_keys(text) if understood else ()
    plan, all_words, dropped, words = _match(arrays, request, reading, allowed, schema,
                                             understood, whole)
    if read is not None and read.question == questions.EXPLAIN:
        plan.first = arrays.term("type", "article")
        # the question's words order the articles a little ("OTOP คืออะไร" answers "what is otop")
        plan.optional += tuple(t for t in _terms(" ".join(read.asked), schema)
                               if t not in plan.terms and t not in plan.optional)
    total = int(plan.mask.sum())
    pages = math.ceil(total / request.per_page)
    page = min(max(1, request.page), max(1, pages))
    start = (page - 1) * request.per_page
    marked = words + [p.text for p in (read.parts if read else []) if p.role != "near"]
    hits = [_hit(stored, marked, distance) for stored, distance in
            _ranked(searcher, plan, request, arrays, reading.origin, reading.sort, start,
                    start + request.per_page)]
    steps = []
    if not total and (read is not None or reading.filters):
        place = next((p.place for p in (read.parts if read else []) if p.place), None)
        point = reading.origin or (_point(arrays, place, schema, points) if place else None)
        steps = _next_steps(arrays, reading.filters, reading.words, dropped, gaz, schema, point)
    return SearchResult(
        query=request.text, total=total, page=page, pages=pages, per_page=request.per_page,
        hits=hits, facets=arrays.counts(plan.mask), understanding=read, all_words=all_words,
        dropped=dropped, next_steps=steps,
        origin=reading.origin if reading.sort == "nearest" else None,
        near_label=reading.near_label,
    )


SPELLING_FIELDS_THAI = ("title", "extra", "content")


def _spelling_fields(word: str) -> tuple[str, ...]:
    """English words are unstemmed in ``spell``; Thai words are unchanged in the text fields."""
    return ("spell",) if word.isascii() else SPELLING_FIELDS_THAI


def _frequency(searcher: Searcher, word: str) -> int:
    return sum(searcher.doc_frequency(name, word) for name in _spelling_fields(word))


def suggest_correction(searcher: Searcher, text: str, lookup: spelling.SpellingLookup | None,
                       keep: list[str] | tuple[str, ...] = ()) -> str | None:
    """"Did you mean": the query with misspelt words replaced by indexed words, or None (also
    when the correction budget ran out). Chunks holding a word of ``keep`` (a question's words:
    ทำยังไง) are left as typed."""
    if lookup is None:
        return None
    corrector = spelling.Corrector(
        lookup, split=lambda chunk: [(w, s, e) for w, _t, s, e in
                                     query_words(chunk, searcher.schema)],
        indexed=lambda word: _frequency(searcher, word) > 0)
    return corrector.suggest(text, keep)


def _prefixed(reader, field: str, key: str, limit: int) -> list[str]:
    """At most ``limit`` indexed terms of ``field`` that start with ``key``, in term order."""
    terms = []
    for raw in reader.expand_prefix(field, key):
        terms.append(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
        if len(terms) >= limit:
            break
    return terms


def _completed_titles(searcher: Searcher, key: str, limit: int) -> list[dict]:
    """The newest documents with a name word starting with ``key`` (the first
    ``MAX_COMPLETIONS`` such words: a one-letter prefix costs the same as a long one)."""
    arrays, reader = doc_arrays(searcher), searcher.reader()
    mask = np.zeros(arrays.size, bool)
    for term in _prefixed(reader, "complete", key, MAX_COMPLETIONS):
        mask[posting_ids(reader.postings("complete", term))] = True
    titles = []
    for docnum in arrays.newest(mask & arrays.live, 0, limit):
        titles.append(title_fields(searcher.stored_fields(docnum)))
    return titles


def title_fields(stored: dict) -> dict:
    return {"type": stored["type"], "slug": stored["slug"], "title": stored["title_th"],
            "title_en": stored.get("title_en") or ""}


def complete(searcher: Searcher, prefix: str, limit: int = 8,
             province: str | None = None) -> dict[str, list]:
    """Titles whose words start with ``prefix`` (even mid-word), and indexed words that do;
    when the prefix names ``province`` in full, its places fill the titles left."""
    key = "".join(thai.normalize(prefix).split()).lower()[:60]
    if not key:
        return {"titles": [], "terms": []}
    reader = searcher.reader()
    words = {w for name in _spelling_fields(key) for w in _prefixed(reader, name, key, 100)}
    ranked = sorted(words, key=lambda w: (-_frequency(searcher, w), w))
    titles = _completed_titles(searcher, key, limit)
    if province:
        from cdd_click.search.place_names import province_titles

        titles += province_titles(searcher, province, {f"{t['type']}:{t['slug']}" for t in titles},
                                  limit - len(titles))
    return {"titles": titles, "terms": [w for w in ranked if w != key][:5]}
