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
