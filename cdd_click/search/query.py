"""Searching the index: query parsing, filters, facets, sorting, snippets, spelling and completion.

Every function takes an open Whoosh searcher and plain values; nothing here touches Flask.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import numpy as np
from whoosh.fields import Schema
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from cdd_click.search import spelling, thai
from cdd_click.search.documents import compact
from cdd_click.search.facets import DocArrays, doc_arrays, posting_ids

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


def _filter_query(filters: dict[str, str]) -> Query | None:
    terms = [Term(name, value) for name, value in filters.items() if value]
    return And(terms) if terms else None


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


@dataclass
class _Plan:
    """A query as a boolean array (counting, facets) and the terms it is ranked by (BM25F, see
    ``bm25_scores``); ``query`` is the same query as Whoosh would run it."""

    query: Query | None
    mask: np.ndarray
    terms: tuple[str, ...] = ()
    name_key: str = ""
    words: np.ndarray | None = None  # documents that match the words (without the name)


def _plan(arrays: DocArrays, terms: list[str], masks: list[np.ndarray], name_key: str,
          any_word: bool) -> _Plan:
    """AND (or, with ``any_word``, OR) of the words, or the item whose name is the query.

    ``masks`` are the documents holding each term in a text field, computed once for both
    plans.
    """
    clauses = [word_clause(term) for term in terms]
    combined = np.logical_or.reduce(masks) if any_word else np.logical_and.reduce(masks)
    name = arrays.term("name", name_key)
    words = Or(clauses) if any_word else And(clauses)
    query = Or([words, Term("name", name_key, boost=NAME_BOOST)])
    return _Plan(query, combined | name, terms=tuple(terms), name_key=name_key, words=combined)


def bm25_scores(arrays: DocArrays, plan: _Plan) -> np.ndarray:
    """Whoosh's BM25F score of ``plan.query`` for every document, computed with NumPy from the
    posting lists: the sum over the words' fields, counted only where every word matches (an
    AND) or wherever it matches (an OR), plus the name term times ``NAME_BOOST``."""
    score = np.zeros(arrays.size, np.float64)
    for term in plan.terms:
        for name in TEXT_FIELDS:
            score += arrays.bm25(name, term)
    if plan.words is not None:
        score[~plan.words] = 0.0
    return score + NAME_BOOST * arrays.weights("name", plan.name_key)


def _ranked(searcher: Searcher, plan: _Plan, request: SearchRequest, arrays: DocArrays,
            start: int, stop: int) -> list[tuple[dict, float | None]]:
    """Stored fields (and distance) of the hits at positions ``start:stop``."""
    distances = arrays.distances_km(request.origin) if request.origin else None
    if plan.query is None or request.sort == "newest":
        docnums = arrays.newest(plan.mask, start, stop)
    elif request.sort == "nearest" and request.origin:
        docnums = arrays.nearest(plan.mask, request.origin, start, stop)
    else:
        docnums = arrays.ranked(plan.mask, bm25_scores(arrays, plan), start, stop)
    return [(searcher.stored_fields(d), None if distances is None else float(distances[d]))
            for d in docnums]


def search(searcher: Searcher, request: SearchRequest,
           lookup: spelling.SpellingLookup | None = None) -> SearchResult:
    """Run ``request``: AND of the words first, any of them if that finds nothing."""
    arrays = doc_arrays(searcher)
    found = query_words(request.text, searcher.schema) if request.text else []
    unique = dict(list({term: word for word, term, _s, _e in found
                        if len(term) > 1 or term.isdigit()}.items())[:MAX_QUERY_TERMS])
    words, terms = list(unique.values()), list(unique)
    allowed = arrays.live.copy()
    for name, value in request.filters.items():
        allowed &= arrays.term(name, value)
    if terms:
        masks = [arrays.contains(TEXT_FIELDS, term) for term in terms]
        plan = _plan(arrays, terms, masks, compact(request.text), any_word=False)
        if not (plan.mask & allowed).any() and len(terms) > 1:
            plan = _plan(arrays, terms, masks, compact(request.text), any_word=True)
    elif request.filters:
        plan = _Plan(None, allowed)
    else:
        return SearchResult(request.text, 0, 1, 0, request.per_page, [],
                            arrays.counts(arrays.live))
    mask = plan.mask & allowed
    total = int(mask.sum())
    pages = math.ceil(total / request.per_page)
    page = min(max(1, request.page), max(1, pages))
    start = (page - 1) * request.per_page
    plan.mask = mask
    hits = [_hit(stored, words, distance) for stored, distance in
            _ranked(searcher, plan, request, arrays, start, start + request.per_page)]
    suggestion = suggest_correction(searcher, request.text, lookup) if words else None
    return SearchResult(
        query=request.text, total=total, page=page, pages=pages, per_page=request.per_page,
        hits=hits, facets=arrays.counts(mask),
        suggestion=suggestion if suggestion != request.text else None,
    )


SPELLING_FIELDS_THAI = ("title", "extra", "content")


def _spelling_fields(word: str) -> tuple[str, ...]:
    """English words are unstemmed in ``spell``; Thai words are unchanged in the text fields."""
    return ("spell",) if word.isascii() else SPELLING_FIELDS_THAI


def _frequency(searcher: Searcher, word: str) -> int:
    return sum(searcher.doc_frequency(name, word) for name in _spelling_fields(word))


def suggest_correction(searcher: Searcher, text: str,
                       lookup: spelling.SpellingLookup | None) -> str | None:
    """"Did you mean": the query with misspelt words replaced by indexed words, or None (also
    when the correction budget ran out)."""
    if lookup is None:
        return None
    corrector = spelling.Corrector(
        lookup, split=lambda chunk: [(w, s, e) for w, _t, s, e in
                                     query_words(chunk, searcher.schema)],
        indexed=lambda word: _frequency(searcher, word) > 0)
    return corrector.suggest(text)


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
        stored = searcher.stored_fields(docnum)
        titles.append({"type": stored["type"], "slug": stored["slug"],
                       "title": stored["title_th"], "title_en": stored.get("title_en") or ""})
    return titles


def complete(searcher: Searcher, prefix: str, limit: int = 8) -> dict[str, list]:
    """Titles whose words start with ``prefix`` (even mid-word), and indexed words that do."""
    key = "".join(thai.normalize(prefix).split()).lower()[:60]
    if not key:
        return {"titles": [], "terms": []}
    reader = searcher.reader()
    words = {w for name in _spelling_fields(key) for w in _prefixed(reader, name, key, 100)}
    ranked = sorted(words, key=lambda w: (-_frequency(searcher, w), w))
    return {"titles": _completed_titles(searcher, key, limit),
            "terms": [w for w in ranked if w != key][:5]}
