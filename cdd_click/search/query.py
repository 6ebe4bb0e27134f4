"""Searching the index: query parsing, filters, facets, sorting, snippets, spelling and completion.

Every function takes an open Whoosh searcher and plain values; nothing here touches Flask.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import sorting
from whoosh.fields import Schema
from whoosh.query import And, Every, Or, Phrase, Prefix, Query, Term
from whoosh.searching import Searcher

from cdd_click.search import thai
from cdd_click.search.documents import compact

MAX_QUERY_CHARS = 200
FACETS = ("type", "kind", "province", "category", "stars")
SORTS = ("relevance", "newest", "nearest")
MIN_CORRECTABLE = 4
MAX_CORRECTABLE = 30  # longer chunks are not single misspelt words
MAX_ATTEMPTS = 12  # spans looked up per chunk: bounds the time an odd query can cost
MAX_CHUNKS = 6
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


def word_clause(word: str, term: str, schema: Schema) -> Query:
    """One query word: whole-word matches in the text fields, or its syllables in sequence."""
    syllables = [t.text for t in schema["sub"].analyzer(word)] or [term]
    sub = Term("sub", syllables[0]) if len(syllables) == 1 else Phrase("sub", syllables)
    return Or([Term("title", term), Term("content", term), Term("extra", term), sub])


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
    score: float | None = None
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


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _sort_options(searcher: Searcher, request: SearchRequest) -> dict[str, Any]:
    if request.sort == "newest":
        return {"sortedby": "updated", "reverse": True}
    if request.sort == "nearest" and request.origin:
        def distance(_searcher, docnum):
            stored = searcher.stored_fields(docnum)
            if stored.get("lat") is None:
                return math.inf
            return _distance_km(request.origin, (stored["lat"], stored["lon"]))

        return {"sortedby": sorting.FunctionFacet(distance)}
    return {}


def make_snippet(text: str, words: list[str], width: int = 180) -> str:
    """HTML-escaped excerpt of ``text`` around the first query word, query words in <mark>."""
    lowered = text.lower()
    needles = [w.lower() for w in words if w.strip()]
    positions = [lowered.find(n) for n in needles if lowered.find(n) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    excerpt = text[start:start + width]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    escaped = html.escape(" ".join(excerpt.split()))
    for needle in sorted(set(needles), key=len, reverse=True):
        pattern = re.escape(html.escape(needle))
        escaped = re.sub(f"(?i)(?<!<mark>)({pattern})", r"<mark>\1</mark>", escaped)
    return prefix + escaped.replace("</mark><mark>", "") + suffix


def _hit(searcher: Searcher, hit, words: list[str], request: SearchRequest) -> Hit:
    stored = hit.fields()
    distance = None
    if request.origin and stored.get("lat") is not None:
        distance = _distance_km(request.origin, (stored["lat"], stored["lon"]))
    return Hit(
        type=stored["type"], slug=stored["slug"], title=stored["title_th"],
        title_en=stored.get("title_en") or "",
        snippet=make_snippet(stored.get("content") or stored.get("summary", ""), words),
        kind=stored.get("kind"), province=stored.get("province"),
        province_name=stored.get("province_name"), score=hit.score, distance_km=distance,
    )


def _groups(results, name: str) -> dict[str, int]:
    counts = results.groups(name)
    return {str(k): v for k, v in sorted(counts.items(), key=lambda kv: -kv[1]) if k}


def search(searcher: Searcher, request: SearchRequest) -> SearchResult:
    """Run ``request``: AND of the words first, any of them if that finds nothing."""
    found = query_words(request.text, searcher.schema) if request.text else []
    unique = {term: word for word, term, _s, _e in found}
    words = list(unique.values())
    clauses = [word_clause(word, term, searcher.schema) for term, word in unique.items()]
    if clauses:
        query: Query = Or([And(clauses), Term("name", compact(request.text), boost=NAME_BOOST)])
    elif request.filters:
        query = Every()
    else:
        query = None
    facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
    options = dict(filter=_filter_query(request.filters), groupedby=facets,
                   **_sort_options(searcher, request))
    if query is None:
        everything = searcher.search(Every(), limit=1, groupedby=facets)
        return SearchResult(request.text, 0, 1, 0, request.per_page, [],
                            {n: _groups(everything, n) for n in FACETS})
    page = searcher.search_page(query, max(1, request.page), request.per_page, **options)
    if page.total == 0 and len(clauses) > 1:
        page = searcher.search_page(Or(clauses), max(1, request.page), request.per_page,
                                    **options)
    if page.pagecount and request.page > page.pagecount:
        page = searcher.search_page(page.results.q, page.pagecount, request.per_page, **options)
    hits = [_hit(searcher, hit, words, request) for hit in page]
    suggestion = suggest_correction(searcher, request.text) if words else None
    return SearchResult(
        query=request.text, total=page.total, page=page.pagenum if page.total else 1,
        pages=page.pagecount, per_page=request.per_page, hits=hits,
        facets={name: _groups(page.results, name) for name in FACETS},
        suggestion=suggestion if suggestion != request.text else None,
    )


def _known(searcher: Searcher, word: str) -> bool:
    return searcher.doc_frequency("spell", word.lower()) > 0


def _closest(searcher: Searcher, text: str) -> str | None:
    """The most frequent indexed word one edit away from ``text``, if any."""
    if len(text) < MIN_CORRECTABLE:
        return None
    candidates = searcher.reader().terms_within("spell", text.lower(), 1)
    candidates = [c for c in candidates if c != text.lower()]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (searcher.doc_frequency("spell", c), c))


def _correct_chunk(searcher: Searcher, chunk: str) -> str:
    """``chunk`` with its first misspelt word (or run of broken Thai pieces) corrected."""
    if len(chunk) > MAX_CORRECTABLE:
        return chunk
    pieces = [(w, s, e) for w, _t, s, e in query_words(chunk, searcher.schema)]
    unknown = [i for i, (w, _s, _e) in enumerate(pieces) if not _known(searcher, w)]
    if not unknown:
        return chunk
    # A Thai typo breaks segmentation into odd pieces: try the longest span of pieces first.
    attempts = 0
    for length in range(len(pieces), 0, -1):
        for first in range(len(pieces) - length + 1):
            span = range(first, first + length)
            start, end = pieces[first][1], pieces[first + length - 1][2]
            if not any(i in span for i in unknown) or end - start > MAX_CORRECTABLE:
                continue
            attempts += 1
            if attempts > MAX_ATTEMPTS:
                return chunk
            fixed = _closest(searcher, chunk[start:end])
            if fixed:
                return chunk[:start] + fixed + chunk[end:]
    return chunk


def suggest_correction(searcher: Searcher, text: str) -> str | None:
    """"Did you mean": the query with misspelt words replaced by indexed words, or None."""
    chunks = text.split()
    if len(chunks) > MAX_CHUNKS:
        return None
    corrected = [_correct_chunk(searcher, chunk) for chunk in chunks]
    return " ".join(corrected) if corrected != chunks else None


def complete(searcher: Searcher, prefix: str, limit: int = 8) -> dict[str, list]:
    """Titles whose words start with ``prefix`` (even mid-word), and indexed words that do."""
    key = "".join(thai.normalize(prefix).split()).lower()[:60]
    if not key:
        return {"titles": [], "terms": []}
    hits = searcher.search(Prefix("complete", key), limit=limit, sortedby="updated", reverse=True)
    titles = [
        {"type": h["type"], "slug": h["slug"], "title": h["title_th"],
         "title_en": h.get("title_en") or ""}
        for h in hits
    ]
    reader = searcher.reader()
    words = []
    for raw in reader.expand_prefix("spell", key):
        words.append(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
        if len(words) >= 200:
            break
    words.sort(key=lambda w: -searcher.doc_frequency("spell", w))
    return {"titles": titles, "terms": [w for w in words if w != key][:5]}
