"""Full-text search of villages, listings and articles with real Thai word segmentation.

This package is the only code that knows Whoosh exists. The rest of the app calls:
``rebuild_index()``, ``search()``, ``complete()``, ``index_status()``, ``after_commit()``,
``readiness()``.

Keeping each machine's index in step with the database (the outbox, catch-up, dictionary
refresh and full rebuilds) is ``sync.py``: publishing never waits for a rebuild, and a search
never takes the writer lock.

An index that fails to read or write is never trusted again: it is marked broken, a background
thread rebuilds it from the database (the truth), and until then ``search()`` raises
``SearchUnavailable`` (a "search is being repaired" page, never a 500). A small site is rebuilt
within ``SEARCH_REPAIR_WAIT`` seconds and the search answers from the fresh index.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from cdd_click import geography
from cdd_click.extensions import db
from cdd_click.search import position, sync
from cdd_click.search.index import IndexBusy, SearchIndex
from cdd_click.search.query import SearchRequest, SearchResult, clean_query
from cdd_click.search.understanding import gazetteer

__all__ = ["SearchRequest", "SearchResult", "SearchUnavailable", "after_commit", "clean_query",
           "complete", "content_version", "init_app", "readiness", "rebuild_index", "search"]

log = logging.getLogger(__name__)
REPAIR_BACKOFF = 30.0  # seconds between failed repairs
# Segments a backlog may leave before catch_up_all merges the small ones: from about 20, the next
# ordinary commit's merge (Whoosh's MERGE_SMALL) would fold the largest segment in too, for
# minutes.
MAX_SEGMENTS = 12
T = TypeVar("T")

catch_up = sync.catch_up
content_version = position.content_version
is_caught_up = sync.is_caught_up
latest_change = sync.latest_change
record_change = sync.record_change
record_changes = sync.record_changes
writer_processes = sync.writer_processes


class SearchUnavailable(Exception):
    """The index is broken or missing and is being rebuilt: search cannot answer yet."""


def init_app(app: Flask) -> None:
    """One SearchIndex object per app, on the machine's index directory."""
    app.extensions["cdd_search"] = SearchIndex(
        app.config["SEARCH_INDEX_DIR"], writer_timeout=app.config["SEARCH_WRITER_TIMEOUT"]
    )


def _index() -> SearchIndex:
    return current_app.extensions["cdd_search"]


def rebuild_index(wait: bool = True) -> int:
    """Build a complete new index from the database beside the live one and swap it in; return
    the document count (see ``sync.rebuild``)."""
    return sync.rebuild(wait=wait)


def _repair_in_background(app: Flask, index: SearchIndex) -> None:
    """Rebuild from the database unless another thread or process is already writing."""
    with app.app_context():
        try:
            if index.broken_reason() is None:
                return  # repaired meanwhile
            log.warning("search index unavailable (%s); rebuilding from the database",
                        index.broken_reason())
            sync.rebuild(wait=False, background=True)
        except IndexBusy:
            log.info("search index repair: another build is running on this machine")
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
    """Before searching: if the index is behind the database, wake this process's background
    catch-up and give it ``SEARCH_CATCH_UP_WAIT`` seconds; never take the writer lock."""
    sync.catch_up_for_reader(current_app.config["SEARCH_CATCH_UP_WAIT"])


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
    catch-up on any machine applies it), and the publish still succeeded. Applies at most one
    batch in the request; a larger backlog (an import) goes on in the background."""
    try:
        catch_up(current_app.config["SEARCH_WRITER_TIMEOUT"], limit=sync.BATCH)
        if not is_caught_up():
            sync.wake()
    except (IndexBusy, SearchUnavailable, SQLAlchemyError) as problem:
        db.session.rollback()
        log.warning("search index not updated after commit (%r); a later catch-up will",
                    problem)
    except Exception as problem:  # noqa: BLE001 - a bad index must not fail a publish
        _index_failed(problem)
        start_repair()


def catch_up_all() -> str:
    """Apply this machine's whole outbox backlog now, in several processes for a large one (the
    command line only, after an import); says what it did. A backlog adds segments without
    merging them; when it leaves more than ``MAX_SEGMENTS``, the small ones (each at most a
    backlog batch) are merged into one, and only if that is not enough is the index rebuilt."""
    index = _index()
    applied = catch_up(current_app.config["SEARCH_WRITER_TIMEOUT"], limit=None,
                       procs=sync.writer_processes(sync.PARALLEL_FROM))
    message = f"{applied} change(s) applied"
    if (segments := index.segment_count()) > MAX_SEGMENTS:
        left = index.compact(below=sync.BACKLOG_BATCH + 1)
        message += f"; {segments} segments, the small ones merged: {left} left"
        if left > MAX_SEGMENTS:
            message += f"; rebuilt: {rebuild_index()} documents"
    return message


def readiness() -> str:
    """``ok``, ``behind``, ``stale: …`` (read from another database, or before a restore;
    being rebuilt) or ``unavailable: …`` (being repaired) for ``/readyz``.

    Probes the index with a real read, so a corrupt build is found even before a visitor
    searches; never rebuilds in the request (a repair or rebuild starts in the background).
    """
    index = _index()
    try:
        if (reason := index.broken_reason()) is None:
            _catch_up_or_serve_as_is()
            with index.searcher() as searcher:
                _probe(searcher)
            state = sync.check()
            if state.problem is not None:
                sync.resync(state.problem)
                return f"stale: {state.problem}, being rebuilt"
            return "ok" if state.caught_up else "behind"
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
    """Search the index (see ``query.search``), reading places, kinds and categories out of the
    words unless ``SEARCH_UNDERSTANDING`` is off."""
    from cdd_click.search import query

    if not current_app.config.get("SEARCH_UNDERSTANDING", True):
        request.understand = False
    gaz = gazetteer()
    return _with_searcher(lambda s, _ident: query.search(
        s, request, _index().spelling_lookup(), gaz, place_points))


def place_points() -> dict[str, tuple[float, float]]:
    """District code → centroid of its subdistricts in the database, read once per process:
    where "near" measures from when the shipped centroids behind ``towns`` are missing (empty
    until ``flask geo centroids``; "near" then measures from the place's documents)."""
    points = current_app.extensions.get("cdd_place_points")
    if points is None:
        points = current_app.extensions["cdd_place_points"] = geography.district_points()
    return points


def complete(prefix: str, limit: int = 8, places: int = 6) -> dict[str, list]:
    """Autocomplete for a prefix: ``places`` (provinces, then districts, whose names start with
    it: ``place_names``), titles (with a province's places when it names one) and words."""
    from cdd_click.search import place_names, query

    names = place_names.index()
    province = names.named_province(prefix)
    found = _with_searcher(lambda s, _ident: query.complete(
        s, prefix, limit, province.code if province else None))
    return {**found, "places": names.starting(prefix, places)}


def index_status() -> dict[str, object]:
    """Where the live index is, how many documents it holds, and how far it has caught up."""
    return _with_searcher(lambda s, ident: {
        "documents": s.doc_count(), "dictionary": ident, "directory": str(_index().live_dir()),
        "applied": _index().applied(), "latest": latest_change()})


