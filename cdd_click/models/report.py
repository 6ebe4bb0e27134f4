"""Problems visitors report about a published page (issue 24): what is wrong, for the office
responsible to check.

Nothing about the reporter is stored but what they chose to type: no address, no user agent.
The optional way to reach them (``contact``) is shown to staff only and set to NULL when the
report is closed (PDPA). ``province_code`` is the item's province (a national article: NULL, admins
only), kept when the item moves (``reports._follow_moved_items``): the queue and the dashboard
read it with an index.
``token`` is the one-time token of the form it came from: a form sent twice is one report.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cdd_click.extensions import db
from cdd_click.models.common import utcnow
from cdd_click.models.user import User


class ProblemReport(db.Model):
    """One visitor's report that something on an item's page is wrong."""

    __tablename__ = "problem_report"
    __table_args__ = (
        # the queue: a province's open reports, oldest first; the dashboard: open by province
        Index("ix_problem_report_queue", "state", "province_code", "created_at"),
        # an item's page: does it have an open report of a kind the page mentions?
        Index("ix_problem_report_item", "item_type", "item_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_type: Mapped[str] = mapped_column(String(16))  # village, listing, article
    item_id: Mapped[int] = mapped_column(Integer)
    province_code: Mapped[str | None] = mapped_column(ForeignKey("province.code"))
    kind: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str | None] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="open")
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    resolved_by: Mapped[User | None] = relationship()
