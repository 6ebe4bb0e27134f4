"""Keeping a machine's search index in step with the database, never in a visitor's way.

Every content change adds an outbox row (``IndexChange``) in its own transaction. Each build
directory records the last row it contains (``applied``); *catching up* applies the rows after
it, at most ``BATCH`` at a time:

- in the publishing request, on the publisher's own machine, so the change is searchable when
  the publish returns (waiting at most ``SEARCH_WRITER_TIMEOUT`` for the writer lock, and never
  failing the publish);
- in a background thread of any process whose search found its index behind. The search only
  wakes that thread and waits for it at most ``SEARCH_CATCH_UP_WAIT`` seconds; it never takes
  the writer lock itself.

A changed item is indexed at once with the live dictionary: its new name is cut into words the
dictionary knows, the same way a query for it is cut, so the exact name and its parts find it.
The build is marked ``dictionary-stale``, and a *refresh* (a full rebuild that learns the new
words) runs in a separate niced process with a non-blocking build lock, beside the live index
(a build inside a web worker would hold its interpreter lock for minutes), at most
once per ``SEARCH_REFRESH_INTERVAL`` seconds per machine. A rebuild replays the outbox rows that
arrived while it was building before it is swapped in, so nothing published meanwhile is lost.

Each build also knows which database it was read from and where (``position.py``). When it
was read from another database, or from this one before a restore, it can never catch up by
replaying rows: ``/readyz`` says ``stale``, a full rebuild starts in the background (the same
process as a refresh, ``resync``), and searches answer from the old build until it is swapped in.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
import weakref

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import func, insert, select, text

from cdd_click.extensions import db
from cdd_click.search import documents, thai
from cdd_click.search.index import IndexBusy, Mark, SearchIndex
from cdd_click.search.position import (
    DatabaseMoved,
    check,
    divergence,
    read_outbox,
    stamp,
)

log = logging.getLogger("cdd_click.search")

BATCH = 500  # outbox rows applied per index commit in a request
BACKLOG_BATCH = 5_000  # per commit when working off a whole backlog (an import): fewer merges
PARALLEL_BATCH = 2_000  # documents in a batch from which the command line uses processes
PARALLEL_FROM = 5000
OUTBOX_LOCK = 0x43444443  # pg_advisory_xact_lock key: "CDDC"
WAIT_POLL = 0.01
REFRESH_NICENESS = 10
REBUILD_ATTEMPTS = 3  # a build whose database moved while it read starts again, this often


def _index() -> SearchIndex:
    return current_app.extensions["cdd_search"]


# -- the outbox ---------------------------------------------------------------------------------

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


def record_changes(items: list[tuple[str, int]]) -> None:
    """Outbox rows for many items ((type, id): village, listing, article) in one statement,
    for a writer of many rows (an import): called last, just before its commit, so it holds
    the outbox lock only for that statement."""
    from cdd_click.models import IndexChange

    if not items:
        return
    _serialise_outbox_writers()
    for start in range(0, len(items), 5_000):
        db.session.execute(insert(IndexChange), [{"item_type": kind, "item_id": item_id}
                                                 for kind, item_id in items[start:start + 5_000]])


def latest_change() -> int:
    """The newest outbox id (0 when there is none)."""
    from cdd_click.models import IndexChange

    return db.session.scalar(select(func.max(IndexChange.id))) or 0


def is_caught_up() -> bool:
    """True when this machine's index contains every committed change of this database."""
    return check().caught_up


def resync(problem: str) -> None:
    """The live build was read from another database, or one restored since: start a full
    rebuild in the background (unless a build is running on this machine) and let searches
    answer from the live build meanwhile."""
    if not _index().build_running():
        _syncer().start_refresh(f"index stale ({problem})")


def _pending(after: int, limit: int) -> tuple[dict[str, set[int]], int, str]:
    """Items named by the next ``limit`` outbox rows after ``after``, by type, and the last
    row's id (``after`` when there is none) and time."""
    from cdd_click.models import IndexChange

    rows = db.session.execute(
        select(IndexChange.id, IndexChange.item_type, IndexChange.item_id,
               IndexChange.created_at)
        .where(IndexChange.id > after).order_by(IndexChange.id).limit(limit)).all()
    changed: dict[str, set[int]] = {"village": set(), "listing": set(), "article": set()}
    for _id, item_type, item_id, _at in rows:
        changed[item_type].add(item_id)
    return changed, (rows[-1][0] if rows else after), (stamp(rows[-1][3]) if rows else "")


def documents_for(changed: dict[str, set[int]], pending_after: int | None = None,
                  ) -> tuple[list[dict], list[str], list[str]]:
    """Documents to (re)write, keys to delete, and the names the dictionary should know, for
    changed items and the listings of changed villages. "Published" is the catalogue's own
    definition (``catalog.published_*``): what a page shows is what search finds.

    ``pending_after``: the last outbox row of this batch, when later rows are being worked off
    too; a village's listings that have later rows of their own are left to those (an import
    of villages and their listings would otherwise index every listing twice)."""
    from cdd_click.catalog import published_articles, published_listings, published_villages
    from cdd_click.models import Article, IndexChange, Listing, Village

    villages, articles = changed["village"], changed["article"]
    listings = set(changed["listing"])
    if villages:
        of_villages = select(Listing.id).where(Listing.village_id.in_(villages))
        if pending_after is not None:
            of_villages = of_villages.where(Listing.id.not_in(
                select(IndexChange.item_id).where(IndexChange.id > pending_after,
                                                  IndexChange.item_type == "listing")))
        listings |= set(db.session.scalars(of_villages))
    keys = {f"{kind}:{i}" for kind, ids in (("village", villages), ("listing", listings),
                                             ("article", articles)) for i in ids}
    docs, names = [], []
    if villages:
        for village in db.session.scalars(published_villages().where(Village.id.in_(villages))):
            docs.append(documents.village_document(village))
            names.append(village.title)
    if listings:
        for listing in db.session.scalars(published_listings().where(Listing.id.in_(listings))):
            docs.append(documents.listing_document(listing))
            names.extend((listing.title, listing.producer or ""))
    if articles:
        for article in db.session.scalars(published_articles().where(Article.id.in_(articles))):
            docs.append(documents.article_document(article))
    written = {doc["key"] for doc in docs}
    return docs, sorted(keys - written), names


def _lacks_words(directory, names: list[str]) -> bool:
    """True when a name holds a word the dictionary of build ``directory`` does not know."""
    if not names:
        return False
    ident = thai.register_dictionary(directory / "dictionary.txt")
    return not thai.knows_all(ident, thai.dictionary_words(names, base=False))


def apply_pending(directory=None, limit: int | None = BATCH, procs: int = 1) -> int:
    """Apply up to ``limit`` outbox rows (None: all) to build ``directory`` (default: the live
    one); the caller holds the writer lock. Returns how many rows were applied. ``procs``: see
    ``SearchIndex.update`` (used for batches of at least PARALLEL_FROM documents).

    Raises ``DatabaseMoved`` when the build's mark is not a position of this database's outbox
    (checked under the writer lock, so no row of another history is ever applied on top)."""
    index = _index()
    directory = directory or index.live_dir()
    mark = index.mark(directory)
    outbox = read_outbox(mark.applied)
    if (problem := divergence(mark, outbox)) is not None:
        raise DatabaseMoved(problem)
    database = mark.database or outbox.database  # a build without one adopts this database
    start = done = mark.applied
    while True:
        changed, last, last_stamp = _pending(done, BACKLOG_BATCH if limit is None
                                             else min(BATCH, limit))
        if last == done:
            break
        backlog = limit is None
        docs, deletes, names = documents_for(changed, last if backlog else None)
        index.update(docs, deletes, applied=Mark(last, last_stamp, database), directory=directory,
                     procs=procs if len(docs) >= PARALLEL_BATCH else 1, merge=not backlog)
        if _lacks_words(directory, names):
            index.mark_stale(directory)
        done = last
        if limit is not None:
            break
    return done - start


def catch_up(timeout: float | None = None, limit: int | None = None, procs: int = 1) -> int:
    """Apply the outbox rows this machine's index has not seen (at most ``limit``; None: all);
    return how many were applied.

    Cheap when up to date (one query, ``check``). One process applies at a time; the others
    find the work done when they get the lock (waiting at most ``timeout`` seconds, then
    ``IndexBusy``). A missing or broken index is left to the repair (``search.repair``); one
    read from another database, or from this one before a restore, to a rebuild (``resync``).
    """
    from cdd_click.search import SearchUnavailable

    index = _index()
    state = check()
    if state.caught_up:
        return 0
    if state.problem is not None:
        resync(state.problem)
        return 0
    with index.exclusive(timeout):
        if (reason := index.broken_reason()) is not None:
            raise SearchUnavailable(reason)
        try:
            applied = apply_pending(limit=limit, procs=procs)
        except DatabaseMoved as moved:  # restored between the check and the lock
            resync(str(moved))
            return 0
    refresh_if_due()
    return applied


# -- full builds ----------------------------------------------------------------------------------

def writer_processes(documents_count: int, background: bool = False) -> int:
    """Indexing processes: one for a small site or a build inside a web worker (forking a
    threaded server is unsafe, and the other core keeps serving); for a large site from the
    command line the CPUs plus one (measured fastest on 2 cores)."""
    if background or documents_count < PARALLEL_FROM:
        return 1
    return (os.cpu_count() or 1) + 1


def rebuild(wait: bool = True, background: bool = False) -> int:
    """Build a complete new index from the database beside the live one, replay the outbox
    rows that arrived meanwhile, and swap it in; return the document count.

    Searches and publishes keep using the live index during the build; the writer lock is held
    only for the replay and the swap. ``wait=False`` gives up at once (``IndexBusy``) when
    another build of this machine is running. The new build records the database's identity;
    when the database was swapped or restored while it read, it is thrown away and read again.
    """
    index = _index()
    with index.building(timeout=None if wait else 0):
        for attempt in range(1, REBUILD_ATTEMPTS + 1):
            try:
                count, words = _build_and_swap(index, wait, background)
                break
            except DatabaseMoved as moved:
                db.session.rollback()
                if attempt == REBUILD_ATTEMPTS:
                    raise
                log.warning("search rebuild: %s while reading; reading again", moved)
    log.info("search index rebuilt: %d documents, %d dictionary words", count, len(words))
    return count


def _build_and_swap(index: SearchIndex, wait: bool, background: bool) -> tuple[int, list[str]]:
    """One attempt of ``rebuild`` (the caller holds the build lock)."""
    outbox = read_outbox()  # read first: later changes are replayed on top
    position = Mark(outbox.latest, outbox.latest_stamp, outbox.database)
    words = thai.dictionary_words(documents.dictionary_names())
    procs = writer_processes(documents.count_published(), background)
    directory, count = index.build_beside(documents.all_documents(), words, procs=procs,
                                          applied=position)
    db.session.rollback()  # end the long read transaction before the replay
    try:
        with index.exclusive(None if wait else index.writer_timeout):
            apply_pending(directory, limit=None)
            index.swap(directory)
    except BaseException:
        index.discard(directory)
        raise
    return count, words


def refresh_if_due() -> None:
    """Start a background rebuild when the live build's dictionary lacks published words and
    the last build is at least ``SEARCH_REFRESH_INTERVAL`` seconds old; otherwise schedule a
    wake-up for when it will be."""
    index = _index()
    if not index.is_stale():
        return
    wait = current_app.config["SEARCH_REFRESH_INTERVAL"] - index.live_age()
    syncer = _syncer()
    if wait <= 0:
        syncer.start_refresh()
    else:
        syncer.wake_later(wait)


# -- the background thread of each process ------------------------------------------------------

class Syncer:
    """A process's background work on its index: catching up when a search found the index
    behind, and refreshing the dictionary. Threads are started on demand (never in the gunicorn
    master, whose threads would not survive the fork) and end when there is nothing to do."""

    def __init__(self, app: Flask):
        self.app = app
        self._guard = threading.Lock()
        self._catch_up: threading.Thread | None = None
        self._refresh: threading.Thread | None = None
        self._timer: threading.Timer | None = None
        self.refresh_failed_at: float | None = None

    def wake(self) -> None:
        """Catch up in the background (one thread per process at a time)."""
        with self._guard:
            if self._catch_up is None or not self._catch_up.is_alive():
                self._catch_up = threading.Thread(target=self._run_catch_up, daemon=True,
                                                  name="search-catch-up")
                self._catch_up.start()

    def _run_catch_up(self) -> None:
        from cdd_click.search import SearchUnavailable

        with self.app.app_context():
            try:
                while catch_up(current_app.config["SEARCH_WRITER_TIMEOUT"], limit=BATCH):
                    db.session.remove()
            except IndexBusy:
                pass  # another process of the machine is applying or swapping: it will
            except SearchUnavailable:
                pass  # broken or missing: the repair rebuilds it
            except Exception:  # noqa: BLE001 - logged; the next search wakes the thread again
                log.exception("search catch-up failed")
            finally:
                db.session.remove()

    def wake_later(self, seconds: float) -> None:
        with self._guard:
            if self._timer is None or not self._timer.is_alive():
                self._timer = threading.Timer(seconds, self._refresh_later)
                self._timer.daemon = True
                self._timer.start()

    def _refresh_later(self) -> None:
        with self.app.app_context():
            try:
                refresh_if_due()
            finally:
                db.session.remove()

    def start_refresh(self, why: str = "dictionary refresh") -> threading.Thread | None:
        """Rebuild with a fresh dictionary in a separate process (niced: a build in a web
        worker would hold its interpreter lock for minutes and stall its requests), watched by
        a thread here; unless one is running or failed within the last interval. ``why``: for
        the log (a refresh, or a stale index)."""
        with self._guard:
            if self._refresh is not None and self._refresh.is_alive():
                return self._refresh
            failed = self.refresh_failed_at
            if failed is not None and time.monotonic() - failed < \
                    self.app.config["SEARCH_REFRESH_INTERVAL"]:
                return None
            self._refresh = threading.Thread(target=self._run_refresh, args=(why,),
                                             daemon=True, name="search-refresh")
            self._refresh.start()
            return self._refresh

    def _run_refresh(self, why: str) -> None:
        log.info("search %s: rebuilding beside the live index, in a process", why)
        settings = {key: value for key, value in self.app.config.items()
                    if _plain(value)}
        try:
            child = subprocess.Popen(
                [sys.executable, "-c", "from cdd_click.search.sync import refresh_main; "
                 "refresh_main()"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, text=True)
            _out, errors = child.communicate(json.dumps(settings))
        except OSError:
            self.refresh_failed_at = time.monotonic()
            log.exception("search dictionary refresh could not start")
            return
        if child.returncode == REFRESH_BUSY:
            log.info("search dictionary refresh: another build is running on this machine")
        elif child.returncode:
            self.refresh_failed_at = time.monotonic()
            log.error("search dictionary refresh failed: %s", (errors or "")[-2000:])


REFRESH_BUSY = 75  # exit status of a refresh that found another build running


def _plain(value) -> bool:
    """True for settings that survive JSON unchanged (the refresh process gets them)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return True
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def refresh_main() -> None:
    """The refresh process: read the app's settings (JSON) from standard input and rebuild
    beside the live index at niceness ``REFRESH_NICENESS``, unless a build is running."""
    from cdd_click import create_app

    os.nice(REFRESH_NICENESS)
    app = create_app(json.loads(sys.stdin.read()))
    with app.app_context():
        try:
            rebuild(wait=False, background=True)
        except IndexBusy:
            sys.exit(REFRESH_BUSY)


_syncers: weakref.WeakKeyDictionary[Flask, Syncer] = weakref.WeakKeyDictionary()
_syncers_guard = threading.Lock()


def _syncer() -> Syncer:
    app = current_app._get_current_object()
    with _syncers_guard:
        syncer = _syncers.get(app)
        if syncer is None:
            syncer = _syncers[app] = Syncer(app)
        return syncer


def wake() -> None:
    """Catch up in this process's background thread."""
    _syncer().wake()


def catch_up_for_reader(wait: float) -> None:
    """What a search does about an index behind the database: wake the background catch-up and
    wait for it at most ``wait`` seconds (a small change is applied by then), without touching
    the writer lock; then the search answers from the index as it is. An index read from
    another database, or before a restore, starts a rebuild and is used as it is meanwhile.

    A search answered from an index that is not caught up says so to the page cache
    (``g.search_index_behind``): such a page is served, never stored under the current key."""
    index = _index()
    state = check()
    if state.caught_up:
        return
    if state.problem is not None:
        resync(state.problem)
    else:
        _syncer().wake()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(WAIT_POLL)
            if index.applied() >= state.outbox.latest:
                return
    if has_request_context():
        g.search_index_behind = True
