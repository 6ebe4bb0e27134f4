"""Full-text search of villages, listings and articles with real Thai word segmentation.

This package is the only code that knows Whoosh exists. The rest of the app calls:
``rebuild_index()``, ``search()``, ``complete()``, ``index_status()``, ``after_commit()``,
``readiness()``.

An index that fails to read or write is never trusted again: it is marked broken, a background
thread rebuilds it from the database (the truth), and until then ``search()`` raises
``SearchUnavailable`` (a "search is being repaired" page, never a 500). A small site is rebuilt
within ``SEARCH_REPAIR_WAIT`` seconds and the search answers from the fresh index.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from cdd_click.extensions import db
from cdd_click.search import documents, thai
from cdd_click.search.index import IndexBusy, SearchIndex
from cdd_click.search.query import SearchRequest, SearchResult, clean_query

__all__ = ["SearchRequest", "SearchResult", "SearchUnavailable", "after_commit", "clean_query",
           "complete", "init_app", "readiness", "rebuild_index", "search"]

log = logging.getLogger(__name__)
PARALLEL_FROM = 5000
REPAIR_BACKOFF = 30.0  # seconds between failed repairs
SEARCH_CATCH_UP_WAIT = 0.2  # a search waits this long for a writer, then answers as it is
T = TypeVar("T")


class SearchUnavailable(Exception):
    """The index is broken or missing and is being rebuilt: search cannot answer yet."""


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


OUTBOX_LOCK = 0x43444443  # pg_advisory_xact_lock key: "CDDC"


def _serialise_outbox_writers() -> None:
    """On PostgreSQL, take a transaction-level advisory lock before the outbox row gets its id.

    A sequence hands out ids at insert, not at commit: without the lock a transaction holding
    a lower id could commit after one holding a higher id, and a catch-up in between would
    record the higher id as applied and skip the lower one on every machine. With it, outbox
    ids are committed in order. Taken once per transaction; SQLite writers are serial anyway.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    session = db.session()
    transaction = session.get_transaction()
    locked = session.info.setdefault("outbox_locked", weakref.WeakSet())
    if transaction is not None and transaction in locked:
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK})
    locked.add(session.get_transaction())


def record_change(item) -> None:
    """Add an outbox row for ``item`` to the session: committed with the change itself."""
    from cdd_click.models import IndexChange

    _serialise_outbox_writers()
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


def catch_up(timeout: float | None = None) -> int:
    """Apply the outbox rows this machine's index has not seen; return how many were pending.

    Cheap when up to date (one ``max(id)`` query). One process applies at a time; the others
    find the work done when they get the lock (waiting at most ``timeout`` seconds, then
    ``IndexBusy``). A missing or broken index is left to ``repair``.
    """
    index = _index()
    latest = latest_change()
    if index.live_dir() is not None and index.applied() >= latest:
        return 0
    with index.exclusive(timeout):
        if (reason := index.broken_reason()) is not None:
            raise SearchUnavailable(reason)
        start = index.applied()
        if start >= latest:
            return 0
        items, gone = _changed_items(start, latest)
        if _dictionary_lacks(items):
            rebuild_index()
            return latest - start
        docs, deletes = _documents_for(items)
        index.update(docs, deletes + gone, applied=latest)
    return latest - start


def _repair_in_background(app: Flask, index: SearchIndex) -> None:
    """Rebuild from the database unless another thread or process is already writing."""
    with app.app_context():
        try:
            with index.exclusive(timeout=0):
                if index.broken_reason() is None:
                    return  # repaired meanwhile
                log.warning("search index unavailable (%s); rebuilding from the database",
                            index.broken_reason())
                rebuild_index()
        except IndexBusy:
            log.info("search index repair: another writer holds the index; it will retry")
        except Exception:  # noqa: BLE001 - logged; a request after REPAIR_BACKOFF retries
            index.repair_failed_at = time.monotonic()
            log.exception("search index repair failed; retrying in %d s at the earliest",
                          REPAIR_BACKOFF)
        finally:
            db.session.remove()


_repairs_lock = threading.Lock()


def start_repair() -> threading.Thread:
    """Start (or join) this process's background rebuild of a broken or missing index; after a
    failed one, not again for ``REPAIR_BACKOFF`` seconds (a rebuild that keeps failing, e.g. on
    a full disk, must not run back to back)."""
    index = _index()
    with _repairs_lock:
        running = getattr(index, "repair_thread", None)
        failed_at = getattr(index, "repair_failed_at", None)
        recently_failed = failed_at is not None and time.monotonic() - failed_at < REPAIR_BACKOFF
        if running is not None and (running.is_alive() or recently_failed):
            return running
        thread = threading.Thread(target=_repair_in_background, name="search-repair",
                                  args=(current_app._get_current_object(), index), daemon=True)
        index.repair_thread = thread
        thread.start()
    return thread


def _repair_or_raise(reason: str) -> None:
    """Repair the index; return once it is usable, or raise ``SearchUnavailable`` when the
    rebuild takes longer than ``SEARCH_REPAIR_WAIT`` (a large site)."""
    start_repair().join(current_app.config["SEARCH_REPAIR_WAIT"])
    if _index().broken_reason() is not None:
        raise SearchUnavailable(reason)


def _index_failed(problem: Exception) -> None:
    """Any read or write error from the index: never trust that build again."""
    log.warning("search index failed (%r); marked broken", problem)
    _index().mark_broken(repr(problem))


def _catch_up_or_serve_as_is() -> None:
    """Catch up before searching; if a writer holds the index, answer from the index as it is
    rather than wait — the next request tries again."""
    try:
        catch_up(SEARCH_CATCH_UP_WAIT)
    except IndexBusy as problem:
        log.info("search index could not catch up yet: %s", problem)


def _with_searcher(work: Callable[..., T]) -> T:
    """Run ``work(searcher, dictionary_id)`` on an index that has caught up with the database.

    A missing or broken index is repaired first (or ``SearchUnavailable`` is raised); a read
    error marks the index broken and is handled the same way. Database errors pass through.
    """
    index = _index()
    for attempt in range(2):
        if (reason := index.broken_reason()) is not None:
            _repair_or_raise(reason)
        try:
            _catch_up_or_serve_as_is()
            with index.searcher() as searcher:
                return work(searcher, index.dictionary_id())
        except (SQLAlchemyError, SearchUnavailable):
            raise
        except Exception as problem:  # noqa: BLE001 - whatever Whoosh raised on bad files
            _index_failed(problem)
            if attempt:
                raise SearchUnavailable(repr(problem)) from problem
    raise SearchUnavailable("unreachable")  # pragma: no cover


def after_commit() -> None:
    """Bring this machine's index up to date after a committed change, without ever raising:
    the change is committed and in the outbox, so a failure here only delays search (the next
    catch-up on any machine applies it), and the publish still succeeded."""
    try:
        catch_up(current_app.config["SEARCH_WRITER_TIMEOUT"])
    except (IndexBusy, SearchUnavailable, SQLAlchemyError) as problem:
        db.session.rollback()
        log.warning("search index not updated after commit (%r); a later catch-up will",
                    problem)
    except Exception as problem:  # noqa: BLE001 - a bad index must not fail a publish
        _index_failed(problem)
        start_repair()


def readiness() -> str:
    """``ok``, ``behind``, or ``unavailable: …`` (being repaired) for ``/readyz``.

    Probes the index with a real read, so a corrupt build is found even before a visitor
    searches; never rebuilds in the request (a repair starts in the background).
    """
    index = _index()
    try:
        if (reason := index.broken_reason()) is None:
            _catch_up_or_serve_as_is()
            with index.searcher() as searcher:
                _probe(searcher)
            return "ok" if is_caught_up() else "behind"
    except SQLAlchemyError:
        raise
    except SearchUnavailable as problem:
        reason = str(problem)
    except Exception as problem:  # noqa: BLE001 - any failure to read is "unavailable"
        _index_failed(problem)
        reason = repr(problem)
    start_repair()
    return f"unavailable, being rebuilt: {reason[:200]}"


def _probe(searcher) -> None:
    """Read the table of contents, a posting list and a stored document of every segment."""
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        reader.doc_count()
        for docnum in reader.all_doc_ids():
            reader.stored_fields(docnum)
            break
        for fieldname, term in reader.all_terms():
            list(reader.postings(fieldname, term).all_ids())
            break


def search(request: SearchRequest) -> SearchResult:
    """Search the index (see ``query.search``)."""
    from cdd_click.search import query

    return _with_searcher(lambda s, _ident: query.search(s, request, _index().spelling_lookup()))


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
