"""The coverage dashboard (``/admin/dashboard``): admins see the country, editors their
provinces; every table can be downloaded as .xlsx or CSV."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click import cells, stats
from cdd_click.admin import bp, coverage, headline
from cdd_click.admin.imports import XLSX
from cdd_click.i18n import format_thai_date
from cdd_click.maps.render import render_coverage_map
from cdd_click.maps.views import map_document
from cdd_click.models.listing import ListingKind
from cdd_click.vocabulary import KIND_LABELS, REGION_LABELS


@dataclass
class Table:
    """A dashboard table: headers, rows and, on the page (downloads hold the rows only), a
    totals row."""

    headers: list[str]
    rows: list[list]
    totals: list | None = None


def _provinces_table(rows: list[coverage.ProvinceRow] | None = None) -> Table:
    """The provinces, those that most need content first, with the totals of them all."""
    kinds = list(ListingKind)
    rows = coverage.weakest_first(coverage.provinces(current_user) if rows is None else rows)
    whole = headline.headline(rows)
    return Table(
        [_("จังหวัด"), _("ภาค"), _("หมู่บ้าน"), _("สินค้าและที่เที่ยว"),
         *[str(KIND_LABELS[k]) for k in kinds], _("ความครบถ้วนเฉลี่ย (%)"),
         _("ไม่ได้ตรวจสอบเกิน 12 เดือน"), _("ฉบับร่างรอเผยแพร่")],
        [[p.name, str(REGION_LABELS[p.region]), p.villages, p.listings,
          *[p.kinds[k.value] for k in kinds],
          "" if p.completeness is None else p.completeness, p.stale, p.drafts]
         for p in rows],
        [_("รวม %(n)s จังหวัด", n=len(rows)), "", sum(p.villages for p in rows),
         sum(p.listings for p in rows), *[sum(p.kinds[k.value] for p in rows) for k in kinds],
         "" if whole.completeness is None else whole.completeness, whole.stale, whole.drafts])


def _views_table() -> Table:
    days, viewed = coverage.views(current_user)
    rows = [[_("หมู่บ้าน") if t == "village" else _("สินค้าและที่เที่ยว"), title, total, *daily]
            for t, _slug, title, total, daily in viewed]
    return Table(
        [_("ชนิด"), _("ชื่อ"), _("รวม 7 วัน"), *[format_thai_date(d, "th", True) for d in days]],
        rows, [_("รวม %(n)s รายการที่แสดง", n=len(rows)), "",
               *[sum(row[i] for row in rows) for i in range(2, 3 + len(days))]])


def _queries_table(week_index: int, zero_only: bool) -> Table:
    week = coverage.weeks()[week_index]
    first = _("คำค้นที่ไม่พบผล") if zero_only else _("คำค้น")
    count, searches, zero = coverage.query_totals(week, zero_only)
    return Table([first, _("จำนวนครั้ง"), _("ไม่พบผล")],
                 [list(row) for row in coverage.queries(week, zero_only)],
                 [_("รวมทั้งสัปดาห์ %(n)s คำค้น", n=count), searches, zero])


# Each table by name, built only when asked for (a page or a download builds its own).
TABLES = {
    "provinces": _provinces_table,
    "views": _views_table,
    "queries_week": lambda: _queries_table(0, False),
    "zero_week": lambda: _queries_table(0, True),
    "queries_last_week": lambda: _queries_table(1, False),
    "zero_last_week": lambda: _queries_table(1, True),
}


@bp.get("/dashboard")
@login_required
def coverage_dashboard():
    """The headline figures, then coverage by province and kind, completeness, stale items
    and drafts: the provinces that most need content first."""
    stats.flush()  # this worker's waiting visit counts, so that every figure is current
    rows = coverage.provinces(current_user)
    return render_template("admin/coverage.html", tables={"provinces": _provinces_table(rows)},
                           headline=headline.headline(rows),
                           empty=[row.name for row in rows if not row.items],
                           centroids=coverage.centroids_loaded())


@bp.get("/dashboard/map")
@login_required
def coverage_map():
    """The national (or the editor's) map: a circle per province coloured by how much content
    it holds; its popup gives the figures and links to the province's items."""
    rows = []
    for row, lat, lon, band in coverage.map_rows(coverage.provinces(current_user)):
        lines = [_("หมู่บ้าน %(v)s · สินค้าและที่เที่ยว %(l)s", v=row.villages, l=row.listings)]
        if row.completeness is not None:
            lines.append(_("ความครบถ้วนเฉลี่ย %(n)s%%", n=row.completeness))
        if row.drafts or row.stale:
            lines.append(_("ฉบับร่าง %(d)s · ไม่ได้ตรวจสอบเกิน 12 เดือน %(s)s",
                           d=row.drafts, s=row.stale))
        rows.append([round(lat, 4), round(lon, 4), row.name, lines, band,
                     url_for("admin.item_list", kind="listings", province=row.code)])
    bands = [[colour, str(label)] for _least, colour, label in coverage.BANDS]
    config = current_app.config
    return map_document(render_coverage_map(
        rows, bands, _("แผนที่ความครอบคลุมรายจังหวัด"), config["TILE_URL"],
        config["TILE_ATTRIBUTION"]), public=False)


@bp.get("/dashboard/activity")
@login_required
def activity_dashboard():
    """What people search for (the queries that find nothing first) and look at."""
    stats.flush()  # this worker's waiting counts first: what was just viewed shows at once
    tables = {name: TABLES[name]() for name in TABLES if name != "provinces"}
    return render_template("admin/activity.html", tables=tables, weeks=coverage.weeks())


@bp.get("/dashboard/<table>.<fmt>")
@login_required
def coverage_export(table: str, fmt: str):
    """One dashboard table as .xlsx or CSV (UTF-8 with a BOM, so that Thai Excel opens it)."""
    if table not in TABLES or fmt not in ("xlsx", "csv"):
        abort(404)
    built = TABLES[table]()
    headers, rows = built.headers, built.rows
    if fmt == "csv":  # every cell is data, never a formula (cells.py)
        data, mimetype = cells.csv_bytes(headers, rows), "text/csv"
    else:
        data, mimetype = cells.xlsx_bytes(table, headers, rows), XLSX
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename=click-chumchon-{table}.{fmt}"
    return response
