"""Markdown has a bounded cost: a body past the budget is refused at every way in (admin form,
preview, content files, imports), and one already stored shows as plain text, quickly."""

from __future__ import annotations

import random
import re
import time

import pytest
from admin_helpers import build_site, edit_data, ids, login, token
from markdown_it import helpers
from sqlalchemy import func, select

from cdd_click import text
from cdd_click.content.columns import CellError
from cdd_click.content.columns import body as import_body
from cdd_click.content.fields import MAX_BODY_CHARS
from cdd_click.content.loader import ContentInvalid, validate_content
from cdd_click.extensions import db
from cdd_click.models import Article, Revision, Village
from cdd_click.text import MAX_DEPTH, MAX_MARKUP_WEIGHT, markdown_problem, render_markdown

THAI = re.compile(r"[\u0E00-\u0E7F]")
BRACKETS = "[" * 20_000 + "]" * 20_000  # the body of the report: 40,000 characters


def _fit(unit: str, tail: str = "", head: str = "") -> str:
    """``unit`` repeated up to the body limit, between ``head`` and ``tail``."""
    return head + unit * ((MAX_BODY_CHARS - len(head) - len(tail)) // len(unit)) + tail


HOSTILE = {
    "brackets": BRACKETS,
    "lists 2,000 deep": "- " * 2_000 + "x",
    "ordered lists deep": _fit("1. ", "x"),
    "quotes deep": ">" * MAX_BODY_CHARS,
    "emphasis": _fit("*a"),
    "link openers": _fit("[a](b"),
    "images in images": _fit("!["),
    "reference label over lines": _fit("a\n", head="["),
    "backticks": "`" * MAX_BODY_CHARS,
    "less-than and ampersand": _fit("<&"),
    "unclosed CDATA": _fit("a <![CDATA["),
    "wide table": "|a" * 5_000 + "\n" + "|-" * 5_000 + "\n" + "|\n" * 14_999,
    "wide table in a quote": "> " + "|a" * 3_000 + "\n> " + "|-" * 3_000 + "\n" + "> |\n" * 9_000,
    "lazy lines in deep quotes": _fit("x\n", head="> " * MAX_DEPTH + "x\n"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_bodies_at_the_limit_are_refused_and_show_as_plain_text(name):
    source = HOSTILE[name]
    assert len(source) <= MAX_BODY_CHARS
    problem = markdown_problem(source)
    assert problem and THAI.search(problem), name
    started = time.perf_counter()
    html = str(render_markdown(source))
    assert time.perf_counter() - started < 2.0  # a ceiling: it takes milliseconds
    assert html == text._escaped_paragraphs(source)  # escaped text, not markdown-it's output
    assert "<a " not in html and "<ul>" not in html and "<blockquote>" not in html


def test_nesting_up_to_the_limit_renders_whole_and_one_more_is_refused():
    lists = "\n".join("  " * level + f"- ระดับ{level}" for level in range(MAX_DEPTH))
    mixed = "> - " * (MAX_DEPTH // 2) + "ในสุด"
    for source, innermost in ((lists, f"ระดับ{MAX_DEPTH - 1}"), (mixed, "ในสุด"),
                              (">" * MAX_DEPTH + " ลึก", "ลึก")):
        assert markdown_problem(source) is None
        html = str(render_markdown(source))
        assert innermost in html and html.count("<li>") + html.count("<blockquote>") == MAX_DEPTH
    deeper = (lists + "\n" + "  " * MAX_DEPTH + "- ลึกเกิน", "> - " * (MAX_DEPTH // 2 + 1) + "x",
              ">" * (MAX_DEPTH + 1) + " x")
    for source in deeper:
        assert f"เกิน {MAX_DEPTH} ชั้น" in markdown_problem(source)
        assert render_markdown(source) == text._escaped_paragraphs(source)


def test_the_weight_counts_markup_lines_brackets_and_table_cells():
    weights = [text.markup_weight(one) for one in ("ก", "*", "<", "\n", "[", "]")]
    assert weights == [0, 1, 1, 2, 2, 1]
    at_limit = "*ก* " * (MAX_MARKUP_WEIGHT // 2)
    assert text.markup_weight(at_limit) == MAX_MARKUP_WEIGHT
    assert markdown_problem(at_limit) is None
    assert render_markdown(at_limit).count("<em>ก</em>") == MAX_MARKUP_WEIGHT // 2
    assert f"{MAX_MARKUP_WEIGHT + 1:,} จุด" in markdown_problem(at_limit + "*")
    # A wide header over short rows: markdown-it fills every row up to the header's columns.
    table = "|ก" * 100 + "|\n" + "|-" * 100 + "|\n" + "|\n" * 60
    assert text._table_cells(table) == 100 * 61  # the header and 60 rows
    quoted = "".join(f"> {line}\n" for line in table.splitlines())
    assert text._table_cells(quoted) == 100 * 61  # in a quote too
    assert markdown_problem(table) is not None


def test_a_body_over_budget_is_refused_before_it_is_parsed(monkeypatch):
    def parse(source):
        raise AssertionError("parsed")

    monkeypatch.setattr(text._parser, "parse", parse)
    lazy = "> " * (MAX_DEPTH + 1) + "x\n" + "x\n" * 2_000  # within weight: refused for depth
    assert text.markup_weight(lazy) < MAX_MARKUP_WEIGHT
    for source in (BRACKETS, HOSTILE["quotes deep"], HOSTILE["wide table"], lazy):
        assert markdown_problem(source) is not None
        assert render_markdown(source) == text._escaped_paragraphs(source)


def test_plain_text_never_counts_against_the_budget():
    lines = "ผ้าไหม\n" * 6_000  # plain paragraphs take the shortcut, whatever their lines
    assert text.markup_weight(lines) > MAX_MARKUP_WEIGHT
    assert markdown_problem(lines) is None
    assert render_markdown(lines).startswith("<p>ผ้าไหม\nผ้าไหม\n")


def _paren_depth(source: str) -> int:
    depth = deepest = 0
    for char in source:
        depth += (char == "(") - (char == ")")
        deepest = max(deepest, depth)
    return deepest


def test_link_addresses_are_read_as_markdown_it_reads_them_up_to_three_parentheses():
    rng = random.Random(7)
    alphabet = ["a", "ก", "(", ")", "\\", "\\(", "\\ ", " ", "\n", "\t", "\x7f", "<", ">", "%"]
    compared = 0
    for _ in range(20_000):
        source = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        start = rng.randint(0, len(source))
        end = rng.randint(start, len(source))
        if _paren_depth(source[start:end]) > 3:
            continue
        ours = text._link_destination(source, start, end)
        theirs = helpers.parseLinkDestination(source, start, end)
        assert (ours.ok, ours.ok and ours.pos, ours.ok and ours.str) == (
            theirs.ok, theirs.ok and theirs.pos, theirs.ok and theirs.str), repr(source)
        compared += 1
    assert compared > 10_000
    three = "[ผ้า](https://example.org/a_(b_(c_(d))))"
    assert "<a href" in render_markdown(three)
    four = "[ผ้า](https://example.org/a_(b_(c_(d_(e)))))"
    assert "<a href" not in render_markdown(four)  # markdown-it itself would read 32 deep


@pytest.fixture
def staff(app, content_tree):
    return build_site(content_tree)


@pytest.mark.parametrize("field", ["body", "body_en"])
def test_the_admin_form_refuses_a_body_over_budget_and_saves_nothing(app, staff, field):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    revisions = db.session.scalar(select(func.count()).select_from(Revision))
    response = client.post(url, data=edit_data(client, url, **{field: BRACKETS}))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "เกินกำหนด 5,000 จุด" in page and "แสดงผลให้ทันเวลาไม่ได้" in page
    village = db.session.get(Village, ids()["village"])
    db.session.refresh(village)
    assert village.body == "เรื่องราวของหมู่บ้าน" and village.body_en is None
    assert db.session.scalar(select(func.count()).select_from(Revision)) == revisions
    deep = "- " * 2_000 + "x"
    page = client.post(url, data=edit_data(client, url, **{field: deep})).get_data(as_text=True)
    assert f"ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น" in page


def test_the_preview_answers_the_reason_instead_of_rendering(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    csrf = token(client, url)
    response = client.post("/admin/preview", data={"csrf_token": csrf, "body": BRACKETS})
    assert response.status_code == 200
    answer = response.get_data(as_text=True)
    assert "แสดงผลให้ทันเวลาไม่ได้" in answer and "[[[" not in answer
    fine = client.post("/admin/preview", data={"csrf_token": csrf, "body": "## หัวข้อ\n\n*เน้น*"})
    assert "<h2>หัวข้อ</h2>" in fine.get_data(as_text=True)


def test_content_files_and_imports_refuse_a_body_over_budget(app, content_tree):
    content_tree.write("articles", "hostile", "title: บทความ\nsummary: สรุป\ncategory: โอทอป\n"
                       "published: 2026-11-24", BRACKETS)
    with pytest.raises(ContentInvalid) as refused:
        validate_content(content_tree.root)
    errors = [error for error in refused.value.errors if error.field == "body"]
    assert errors and "แสดงผลให้ทันเวลาไม่ได้" in errors[0].message
    with pytest.raises(CellError, match="แสดงผลให้ทันเวลาไม่ได้"):
        import_body(BRACKETS)
    assert import_body("## หัวข้อ\n\nเนื้อหา") == "## หัวข้อ\n\nเนื้อหา"


@pytest.mark.parametrize("stored", [BRACKETS, HOSTILE["emphasis"]])
def test_a_stored_body_over_budget_shows_as_plain_text_quickly(app, staff, stored):
    article = db.session.get(Article, ids()["article"])
    article.body = stored  # written before the budget existed: straight into the database
    db.session.commit()
    client = app.test_client()
    started = time.perf_counter()
    response = client.get(f"/articles/{article.slug}")
    assert time.perf_counter() - started < 2.0  # a ceiling: the old renderer took 30 s
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"<p>{stored[:20]}" in page and f"{stored[-20:]}</p>" in page  # as typed, escaped
    assert "<em>" not in page
