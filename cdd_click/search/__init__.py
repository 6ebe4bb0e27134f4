"""Full-text search of villages, listings and articles with real Thai word segmentation.

This package is the only code that knows Whoosh exists. The rest of the app calls:
``rebuild_index()``, ``search()``, ``complete()``, ``index_status()``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app

from cdd_click.search import documents, thai
from cdd_click.search.index import IndexUnavailable, SearchIndex
from cdd_click.search.query import SearchRequest, SearchResult, clean_query

__all__ = ["SearchRequest", "SearchResult", "clean_query", "complete", "init_app",
           "rebuild_index", "search"]

log = logging.getLogger(__name__)
PARALLEL_FROM = 5000
T = TypeVar("T")


def init_app(app: Flask) -> None:
    """One SearchIndex object per app, on the machine's index directory."""
    app.extensions["cdd_search"] = SearchIndex(
        app.config["SEARCH_INDEX_DIR"], writer_timeout=app.config["SEARCH_WRITER_TIMEOUT"]
    )


def _index() -> SearchIndex:
    return current_app.extensions["cdd_search"]


def writer_processes(documents_count: int) -> int:
    """Indexing processes: one for a small site; for a large one the CPUs plus one (measured
    fastest on 2 cores: the parent feeds while the children analyse)."""
    return 1 if documents_count < PARALLEL_FROM else (os.cpu_count() or 1) + 1


def rebuild_index() -> int:
    """Build a complete new index from the database and swap it in; return the document count."""
    words = thai.dictionary_words(documents.dictionary_names())
    procs = writer_processes(documents.count_published())
    count = _index().build(documents.all_documents(), words, procs=procs)
    log.info("search index rebuilt: %d documents, %d dictionary words", count, len(words))
    return count


def _documents_for(items) -> tuple[list[dict], list[str]]:
    """Documents to (re)write and keys to delete for changed items and what depends on them."""
    from cdd_click.models import Article, Listing, Status, Village

    docs, deletes = [], []
    for item in items:
        related = [item, *item.listings] if isinstance(item, Village) else [item]
        for row in related:
            published = row.status == Status.PUBLISHED
            if isinstance(row, Listing):
                published = published and row.village.status == Status.PUBLISHED
            maker = {Village: documents.village_document, Listing: documents.listing_document,
                     Article: documents.article_document}[type(row)]
            if published:
                docs.append(maker(row))
            else:
                deletes.append(f"{type(row).__name__.lower()}:{row.id}")
    return docs, deletes


def _dictionary_lacks(items) -> bool:
    """True when a changed item's name holds a word the live index's dictionary does not know."""
    index = _index()
    directory = index.live_dir()
    if directory is None:
        return True
    known = thai.dictionary_word_set(directory / "dictionary.txt")
    names = []
    for item in items:
        names.append(item.title)
        names.append(getattr(item, "producer", None) or "")
    return not set(thai.dictionary_words(names, base=False)) <= known


def refresh_items(items) -> None:
    """Bring the index up to date with changed items (rebuilt if the dictionary must grow)."""
    if _dictionary_lacks(items):
        rebuild_index()
        return
    docs, deletes = _documents_for(items)
    try:
        _index().update(docs, deletes)
    except IndexUnavailable:
        rebuild_index()


def remove_keys(keys: list[str]) -> None:
    """Delete documents (deleted items) from the index."""
    try:
        _index().update([], keys)
    except IndexUnavailable:
        rebuild_index()


def _with_searcher(work: Callable[..., T]) -> T:
    """Run ``work(searcher, dictionary_id)``; a missing or corrupt index is rebuilt first."""
    index = _index()
    try:
        with index.searcher() as searcher:
            return work(searcher, index.dictionary_id())
    except IndexUnavailable as problem:
        log.warning("search index unavailable (%s); rebuilding from the database", problem)
        rebuild_index()
        with index.searcher() as searcher:
            return work(searcher, index.dictionary_id())


def search(request: SearchRequest) -> SearchResult:
    """Search the index (see ``query.search``)."""
    from cdd_click.search import query

    return _with_searcher(lambda s, _ident: query.search(s, request))


def complete(prefix: str, limit: int = 8) -> dict[str, list]:
    """Autocomplete titles and words for a prefix."""
    from cdd_click.search import query

    return _with_searcher(lambda s, _ident: query.complete(s, prefix, limit))


def index_status() -> dict[str, object]:
    """Where the live index is and how many documents it holds."""
    return _with_searcher(lambda s, ident: {"documents": s.doc_count(), "dictionary": ident,
                                            "directory": str(_index().live_dir())})
