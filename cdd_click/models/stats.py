"""What visitors do, as aggregates only (PDPA): page views per item per day, searches per
query per week. No address, user agent, cookie or time of a single visit is stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db


class PageViewDay(db.Model):
    """How many times a village or listing page was shown on a day (Thai or English)."""

    __tablename__ = "page_view_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    item_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)


class SearchWeek(db.Model):
    """How many times a query (normalised) was searched in a week, and how many of those
    found nothing."""

    __tablename__ = "search_week"

    week: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # its Monday
    query: Mapped[str] = mapped_column(String(100), primary_key=True)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)


class RecentViews(db.Model):
    """How often an item was viewed lately: its views this week and in the week before, kept
    as one row an item (the to-do list joins it by key; summing the daily rows at every
    request would read a month of them). ``week`` is the Monday ``this_week`` counts from;
    a flush in a later week moves ``this_week`` to ``last_week`` (or drops both when a week
    was skipped)."""

    __tablename__ = "recent_views"

    item_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    week: Mapped[dt.date] = mapped_column(Date)
    this_week: Mapped[int] = mapped_column(Integer, default=0)
    last_week: Mapped[int] = mapped_column(Integer, default=0)
