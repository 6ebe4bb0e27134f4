"""The figures an executive reads first: provinces covered, items published, average
completeness and what is left to fill in, over an account's provinces.

They add up the coverage table's rows (one SQL aggregate per content type, ``coverage``), so the
headline, the table and its totals row always agree, and the cost does not grow past one row a
province (77) however many items the site holds."""

from __future__ import annotations

from dataclasses import dataclass

from cdd_click.admin.coverage import ProvinceRow


@dataclass(frozen=True)
class Headline:
    """An account's provinces at a glance."""

    provinces: int  # the provinces the account holds (77 for an admin)
    covered: int  # of them, those with at least one published village or listing
    published: int  # villages and listings a visitor can see
    items: int  # villages and listings in any state
    completeness: int | None  # average completeness of the items, percent; None: no items
    todo: int  # items that lack something (the to-do list holds them)
    drafts: int
    stale: int


def headline(rows: list[ProvinceRow]) -> Headline:
    """The headline of ``coverage.provinces``' rows."""
    items = sum(row.items for row in rows)
    return Headline(
        provinces=len(rows), covered=sum(1 for row in rows if row.published),
        published=sum(row.published for row in rows), items=items,
        completeness=round(sum(row.score_sum for row in rows) / items) if items else None,
        todo=sum(row.todo for row in rows), drafts=sum(row.drafts for row in rows),
        stale=sum(row.stale for row in rows))
