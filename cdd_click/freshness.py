"""When staff last confirmed an item is still correct (``checked_on``), told honestly.

``confirm`` is the admin's "ยืนยันว่าข้อมูลยังถูกต้อง": it sets ``checked_on`` to today in Thailand
(Asia/Bangkok: a confirmation at 06:00 there is that day, though UTC is still on the day before)
through ``publishing.save`` — the version the editor loaded, a revision, one transaction. Pages
show "ตรวจสอบล่าสุด" from it, never ``updated_at`` (a content load moves that); an item never
checked says so. Completeness counts an item unchecked for ``STALE_AFTER`` as lacking.

(A hook for owners' changes, issue 24 point 4: approving one should call ``confirm`` too.)
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from cdd_click import publishing

THAILAND = ZoneInfo("Asia/Bangkok")
STALE_AFTER = dt.timedelta(days=365)


def today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Thailand (``now``: a timezone-aware moment, default the present)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(THAILAND).date()


def stale_before(now: dt.datetime | None = None) -> dt.date:
    """Items last checked before this day are due a check (12 months before today)."""
    return today(now) - STALE_AFTER


def is_fresh(checked_on: dt.date | None, now: dt.datetime | None = None) -> bool:
    """True when staff confirmed the item within the last 12 months."""
    return checked_on is not None and checked_on >= stale_before(now)


def confirm(item: publishing.Item, user, loaded_version: int | None):
    """Record that ``user`` confirmed ``item`` is still correct today (VersionConflict when it
    changed since the editor loaded it). Returns the revision."""
    return publishing.save(item, {"checked_on": today()}, user, loaded_version,
                           action="checked")
