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
from sqlalchemy import func, select

from cdd_click.extensions import db
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


def record_change(item) -> None:
    """Add an outbox row for ``item`` to the session: committed with the change itself."""
    from cdd_click.models import IndexChange

    db.session.add(IndexChange(item_type=type(item).__name__.lower(), item_id=item.id))


def latest_change() -> int:
    """The newest outbox id (0 when there is none)."""
    from cdd_click.models import IndexChange

    return db.session.scalar(select(func.max(IndexChange.id))) or 0


def rebuild_index() -> int:
    """Build a complete new index from the database and swap it in; return the document count."""
    index = _index()
    with index.exclusive():
        position = latest_change()  # read first: later changes will be applied on top
        words = thai.dictionary_words(documents.dictionary_names())
        procs = writer_processes(documents.count_published())
        count = index.build(documents.all_documents(), words, procs=procs, applied=position)
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


def _changed_items(after: int, upto: int) -> tuple[list, list[str]]:
    """Items named by outbox rows ``after < id <= upto`` that still exist, and the keys of
    those that were deleted."""
    from cdd_click.models import Article, IndexChange, Listing, Village

    models = {"village": Village, "listing": Listing, "article": Article}
    rows = db.session.execute(
        select(IndexChange.item_type, IndexChange.item_id)
        .where(IndexChange.id > after, IndexChange.id <= upto).order_by(IndexChange.id)).all()
    items, gone = [], []
    for item_type, item_id in dict.fromkeys(rows):
        item = db.session.get(models[item_type], item_id)
        if item is None:
            gone.append(f"{item_type}:{item_id}")
        else:
            items.append(item)
    return items, gone


def catch_up() -> int:
    """Apply the outbox rows this machine's index has not seen; return how many were pending.

    Cheap when up to date (one ``max(id)`` query). One process applies at a time; the others
    find the work done when they get the lock. A missing or corrupt index is rebuilt.
    """
    index = _index()
    latest = latest_change()
    if index.live_dir() is not None and index.applied() >= latest:
        return 0
    with index.exclusive():
        start = index.applied() if index.live_dir() is not None else -1
        if start >= latest:
            return 0
        if start < 0:
            log.warning("search index missing at %s; rebuilding from the database", index.root)
            rebuild_index()
            return latest
        items, gone = _changed_items(start, latest)
        if _dictionary_lacks(items):
            rebuild_index()
            return latest - start
        docs, deletes = _documents_for(items)
        try:
            index.update(docs, deletes + gone, applied=latest)
        except IndexUnavailable as problem:
            log.warning("search index unavailable (%s); rebuilding from the database", problem)
            rebuild_index()
    return latest - start


def _catch_up_or_serve_as_is() -> None:
    """Catch up before searching; if that fails (a writer stuck past its timeout), answer from
    the index as it is rather than fail the search — the next request tries again."""
    from whoosh.index import LockError

    try:
        catch_up()
    except LockError as problem:
        log.warning("search index could not catch up yet: %r", problem)


def _with_searcher(work: Callable[..., T]) -> T:
    """Run ``work(searcher, dictionary_id)`` on an index that has caught up with the database;
    a missing or corrupt index is rebuilt first."""
    index = _index()
    try:
        _catch_up_or_serve_as_is()
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
    """Where the live index is, how many documents it holds, and how far it has caught up."""
    return _with_searcher(lambda s, ident: {
        "documents": s.doc_count(), "dictionary": ident, "directory": str(_index().live_dir()),
        "applied": _index().applied(), "latest": latest_change()})


def is_caught_up() -> bool:
    """True when this machine's index contains every committed change."""
    index = _index()
    return index.live_dir() is not None and index.applied() >= latest_change()
