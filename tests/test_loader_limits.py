"""Hostile content files (too big, too long, too deeply nested) are reported, never crash."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cdd_click.admin.forms import _ContentForm
from cdd_click.content import ContentInvalid, load_content
from cdd_click.content.fields import MAX_BODY_CHARS
from cdd_click.content.files import MAX_FILE_BYTES, MAX_NESTING
from cdd_click.extensions import db
from cdd_click.models import Article, Village

DEEP = 5000  # far past Python's recursion limit


def errors_of(directory) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_content(directory)
    return [str(e) for e in caught.value.errors]


def article(tree, slug: str, body: str):
    front = "title: บทความทดสอบ\nsummary: สรุป\ncategory: โอทอป\npublished: 2026-11-24"
    return tree.write("articles", slug, front, body)


def nothing_loaded() -> bool:
    counts = (db.session.scalar(select(func.count()).select_from(m)) for m in (Village, Article))
    return not any(counts)


def test_deeply_nested_front_matter_is_a_field_error(app, content_tree):
    content_tree.village()
    content_tree.village("ban-flow", tags="[" * DEEP + "]" * DEEP)
    nested_block = "\n".join(" " * level + f"k{level}:" for level in range(1200)) + " x"
    content_tree.write("villages", "ban-block", f"title: บ้านลึก\nhighlights:\n{nested_block}")
    assert errors_of(content_tree.root) == [
        f"{content_tree.root}/villages/ban-block.md: front matter: nested deeper than 10 levels",
        f"{content_tree.root}/villages/ban-flow.md: front matter: nested deeper than 10 levels",
    ]
    assert nothing_loaded()


def test_nesting_up_to_the_limit_is_only_checked_by_its_field(app, content_tree):
    inner = MAX_NESTING - 1  # the front matter itself is the first level
    content_tree.village(tags="[" * inner + "]" * inner)
    assert errors_of(content_tree.root) == [
        f"{content_tree.root}/villages/ban-test.md: tags: must be a list of texts"
    ]


def test_aliases_cannot_build_depth_out_of_flat_text(app, content_tree):
    anchors = ", ".join(["&a0 [x]", *(f"&a{i} [*a{i - 1}]" for i in range(1, DEEP))])
    content_tree.village(tags=f"[{anchors}]",
                         photos=f"[{{file: *a{DEEP - 1}, alt: ภาพหมู่บ้าน}}]")
    errors = errors_of(content_tree.root)
    assert errors == [f"{content_tree.root}/villages/ban-test.md: front matter: "
                      "anchors and aliases (&name, *name) are not allowed"]


def test_a_54_mb_file_is_refused_unread(app, content_tree):
    content_tree.village()
    big = article(content_tree, "huge", "ก" * 18_000_000)
    size = big.stat().st_size
    assert size > 54_000_000
    assert errors_of(content_tree.root) == [
        f"{content_tree.root}/articles/huge.md: size: {size:,} bytes; "
        f"a content file may be at most {MAX_FILE_BYTES:,}"
    ]
    assert nothing_loaded()


def test_body_is_capped_like_the_admin_form(app, content_tree):
    content_tree.village()
    article(content_tree, "longest-allowed", "ก" * MAX_BODY_CHARS)
    article(content_tree, "one-too-long", "ก" * (MAX_BODY_CHARS + 1))
    assert errors_of(content_tree.root) == [
        f"{content_tree.root}/articles/one-too-long.md: body: 50,001 characters; "
        "the limit is 50,000"
    ]
    assert nothing_loaded()
    limits = [v.max for v in _ContentForm.body.kwargs["validators"] if hasattr(v, "max")]
    assert limits == [MAX_BODY_CHARS]


def test_cli_check_reports_nesting_without_a_traceback(runner, content_tree):
    content_tree.village(tags="[" * DEEP + "]" * DEEP)
    result = runner.invoke(args=["content", "check", str(content_tree.root)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "ban-test.md: front matter: nested deeper than 10 levels" in result.output
    assert "1 error(s); nothing was loaded." in result.output
    assert "Traceback" not in result.output and "RecursionError" not in result.output
