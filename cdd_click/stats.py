"""Counting what visitors look at and search for, as aggregates only (PDPA).

Each worker adds to counters in memory and writes them out as a few upserts (one statement per
table) after ``STATS_FLUSH_EVERY`` events or ``STATS_FLUSH_SECONDS`` seconds after the first
count not yet written (a timer, so a quiet site is not left waiting for its next visit), in a
background thread, and when the process exits: no visitor's request waits for a write. The staff
pages that read the counts write this worker's own first (``flush``). A worker killed between two
flushes loses its last few counts, which an aggregate can afford. Nothing about a visitor is
kept: no address, no user agent, no cookie, no time of day. A query that looks like a phone
number, an ID number or an e-mail address (in any notation, Thai digits too) is not kept either,
nor one holding control characters or broken UTF-8. A batch the database refuses is written
again row by row, so one bad row never loses the others.
"""

from __future__ import annotations

import atexit
import datetime as dt
import re
import threading
from collections import Counter

from flask import Flask, Response, current_app, request
from sqlalchemy import case, func, literal_column
from sqlalchemy.dialects import postgresql, sqlite

from cdd_click.boundary import CONTROL
from cdd_click.extensions import db
from cdd_click.models import PageViewDay, RecentViews, SearchWeek

COUNTED_PAGES = {"public.village": "village", "public.listing": "listing"}
SEARCH_TOTAL_HEADER = "X-Search-Total"
# A run of 7 or more digits, in any notation: Thai or Arabic digits, with spaces, dots, dashes,
# slashes, brackets or a leading + between them (081.234.5678, ๐๘๑-๒๓๔-๕๖๗๘, 1.2345.67890.12.3,
# +66 81 234 5678). Whatever is that long is a phone, an ID or an account number, never a query.
_DIGIT_RUN = re.compile(r"\+?\(?[0-9๐-๙](?:[\s.\-/()]{0,3}[0-9๐-๙]){6,}")
# An e-mail address, however it is written: user@host, user＠host, "user [at] host dot com",
# "user(at)host", "user แอท host ดอท com".
_EMAIL = re.compile(r"[@＠]|[\[(<{]\s*at\s*[\])>}]|\bat\b.*\bdot\b|แอท|ดอท\s*(?:com|net|org|co)",
                    re.IGNORECASE)


class _Counters:
    """One app's counts not yet written (each app, like each worker, keeps its own)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.views: Counter = Counter()
        self.searches: Counter = Counter()
        self.empty: Counter = Counter()
        self.events = 0
        self.writing = False  # a background flush is under way
        self.timer: threading.Timer | None = None  # the pending counts' flush, when one is set


def _counters() -> _Counters:
    return current_app.extensions["cdd_stats"]


def normalise_query(text: str) -> str | None:
    """The form a query is counted under (case and spacing folded), or None when it is empty,
    too long to be a query, or looks personal."""
    query = " ".join(text.split()).casefold()
    if (not query or len(query) > 100 or looks_personal(query) or CONTROL.search(query)
            or "\ufffd" in query):  # a control character or broken UTF-8: not a query either
        return None
    return query


def looks_personal(text: str) -> bool:
    """True when ``text`` holds what looks like a phone number, an ID number or an e-mail."""
    return bool(_DIGIT_RUN.search(text) or _EMAIL.search(text))


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts ``day``'s week: the key weekly counts are kept under."""
    return day - dt.timedelta(days=day.weekday())


def count_view(item_type: str, slug: str) -> None:
    """One view of a village or listing page, today."""
    counters = _counters()
    with counters.lock:
        counters.views[(dt.date.today(), item_type, slug[:120])] += 1
        counters.events += 1


def count_search(text: str, total: int) -> None:
    """One search for ``text`` that found ``total`` results, this week."""
    query = normalise_query(text)
    if query is None:
        return
    key = (week_of(dt.date.today()), query)
    counters = _counters()
    with counters.lock:
        counters.searches[key] += 1
        if total == 0:
            counters.empty[key] += 1
        counters.events += 1


_UPSERTS: dict[tuple[str, type], object] = {}


def _upsert(model, rows: list[dict], counters: list[str], keys: list[str]) -> None:
    """Add ``rows``' counters to the stored ones: one statement, built once per dialect and
    run with the rows as parameters (a statement holding the rows' values took tens of
    milliseconds of Python to compile, holding the worker's interpreter meanwhile)."""
    dialect = db.session.get_bind().dialect.name
    statement = _UPSERTS.get((dialect, model))
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(model)
        statement = _UPSERTS[(dialect, model)] = statement.on_conflict_do_update(
            index_elements=keys, set_={
                name: getattr(model, name) + getattr(statement.excluded, name)
                for name in counters})
    db.session.execute(statement, rows)


def flush() -> None:
    """Write the counters out (one upsert a table, one transaction) and empty them."""
    counters = _counters()
    with counters.lock:
        views, searches, empty = (dict(counters.views), dict(counters.searches),
                                  dict(counters.empty))
        counters.views.clear(), counters.searches.clear(), counters.empty.clear()
        counters.events = 0
    if not views and not searches:
        return
    if _write(views, searches, empty):
        return
    # One bad row must not cost the batch: write each count on its own; only those that the
    # database refuses again are lost.
    lost = sum(not _write({key: n}, {}, {}) for key, n in views.items())
    lost += sum(not _write({}, {key: n}, {key: empty[key]} if key in empty else {})
                for key, n in searches.items())
    current_app.logger.warning("visit counts: the batch was refused, %s of %s rows lost",
                               lost, len(views) + len(searches))


def _write(views: dict, searches: dict, empty: dict) -> bool:
    """Write counts in one transaction; False (rolled back) when the database refuses them."""
    try:
        if views:
            _upsert(PageViewDay, [{"day": d, "item_type": t, "slug": s, "views": n}
                                  for (d, t, s), n in views.items()],
                    ["views"], ["day", "item_type", "slug"])
            add_recent(views)
        if searches:
            _upsert(SearchWeek, [{"week": w, "query": q, "searches": n,
                                  "zero_results": empty.get((w, q), 0)}
                                 for (w, q), n in searches.items()],
                    ["searches", "zero_results"], ["week", "query"])
        db.session.commit()
        return True
    except Exception:  # noqa: BLE001 - counting must never fail a page
        db.session.rollback()
        current_app.logger.warning("visit counts not written", exc_info=True)
        return False


def _recent_statement(dialect: str):
    """Add a week's views to an item's row, first moving an older week along: the row's week
    was the week before -> its count becomes ``last_week``; older -> both start over."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(RecentViews)
    new, old = statement.excluded, RecentViews
    if dialect == "postgresql":
        week_before, week_after = new.week - literal_column("7"), new.week + literal_column("7")
    else:
        week_before, week_after = func.date(new.week, "-7 days"), func.date(new.week, "+7 days")
    return statement.on_conflict_do_update(index_elements=["item_type", "slug"], set_={
        "this_week": case((old.week == new.week, old.this_week + new.this_week),
                          (old.week > new.week, old.this_week), else_=new.this_week),
        # a late count (another worker flushed the next week first) still adds to last week
        "last_week": case((old.week == new.week, old.last_week),
                          (old.week == week_after, old.last_week + new.this_week),
                          (old.week > new.week, old.last_week),
                          (old.week == week_before, old.this_week), else_=0),
        "week": case((old.week > new.week, old.week), else_=new.week),
    })


def add_recent(views: dict) -> None:
    """``views`` ((day, type, slug) -> n) added to the items' recent counts, a week at a time,
    oldest first (one statement cannot touch a row twice)."""
    by_week: dict[dt.date, Counter] = {}
    for (day, item_type, slug), n in views.items():
        by_week.setdefault(week_of(day), Counter())[(item_type, slug)] += n
    dialect = db.session.get_bind().dialect.name
    statement = _UPSERTS.get((dialect, RecentViews))
    if statement is None:
        statement = _UPSERTS[(dialect, RecentViews)] = _recent_statement(dialect)
    for week in sorted(by_week):
        db.session.execute(statement, [
            {"item_type": t, "slug": s, "week": week, "this_week": n, "last_week": 0}
            for (t, s), n in by_week[week].items()])


def recent_views(item_type: str, slug_column, today: dt.date | None = None):
    """``(join condition, views this week and last)`` for an item query to outer-join
    ``RecentViews`` with (0 when the item has no row or its row is older than last week)."""
    monday = week_of(today or dt.date.today())
    views = func.coalesce(case(
        (RecentViews.week == monday, RecentViews.this_week + RecentViews.last_week),
        (RecentViews.week == monday - dt.timedelta(days=7), RecentViews.this_week),
        else_=0), 0)
    return (RecentViews.item_type == item_type) & (RecentViews.slug == slug_column), views


def after_request(response: Response) -> Response:
    """Count a shown village or listing page (cache hits too), and a first page of search
    results; write the counts at once when ``STATS_FLUSH_EVERY`` are waiting, else make sure
    they are written ``STATS_FLUSH_SECONDS`` from now."""
    if request.method != "GET" or response.status_code != 200:
        return response
    item_type = COUNTED_PAGES.get(request.endpoint or "")
    if item_type:
        count_view(item_type, (request.view_args or {}).get("slug", ""))
    elif SEARCH_TOTAL_HEADER in response.headers and request.args.get("page", "1") == "1":
        count_search(request.args.get("q", ""), int(response.headers[SEARCH_TOTAL_HEADER]))
    else:
        return response
    if _counters().events >= current_app.config["STATS_FLUSH_EVERY"]:
        _flush_in_background()
    else:
        _flush_later()
    return response


def _flush_later() -> None:
    """Set a timer that writes the counts ``STATS_FLUSH_SECONDS`` from now (none when one is
    already set: the first count waiting decides when they are all written)."""
    app, counters = current_app._get_current_object(), _counters()
    with counters.lock:
        if counters.timer is not None:
            return
        counters.timer = threading.Timer(app.config["STATS_FLUSH_SECONDS"], _on_timer, (app,))
        counters.timer.name, counters.timer.daemon = "stats-timer", True
        counters.timer.start()


def _on_timer(app: Flask) -> None:
    """The timer's own thread writes the counts (another write under way does not stop it:
    each takes the counts waiting at its start, so none is left behind)."""
    counters = app.extensions["cdd_stats"]
    with counters.lock:
        counters.timer = None
    with app.app_context():
        flush()
        db.session.remove()


def _flush_in_background() -> None:
    """Start one thread that writes the counts out (none when one is already writing)."""
    app, counters = current_app._get_current_object(), _counters()
    with counters.lock:
        if counters.writing:
            return
        counters.writing = True

    def work() -> None:
        try:
            with app.app_context():
                flush()
                db.session.remove()
        finally:
            counters.writing = False

    threading.Thread(target=work, name="stats-flush", daemon=True).start()


def init_app(app: Flask) -> None:
    """Count after each request; write what is left when the process exits."""
    app.extensions["cdd_stats"] = _Counters()
    app.after_request(after_request)

    def flush_at_exit() -> None:
        with app.app_context():
            flush()

    if not app.testing:  # a test's database is gone by the time its process exits
        atexit.register(flush_at_exit)
