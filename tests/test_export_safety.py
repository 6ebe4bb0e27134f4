"""content export replaces its folder only when complete, never anything else, and leaves no
file of a deleted item behind (issue 23)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cdd_click.content import export, load_content
from cdd_click.content.export import ExportRefused, export_content
from cdd_click.extensions import db
from cdd_click.models import Listing


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_deleted_item_leaves_no_file_and_a_failed_export_changes_nothing(
        app, content_tree, tmp_path, monkeypatch):
    content_tree.village()
    content_tree.listing()
    content_tree.listing(slug="second-coffee", title="กาแฟอีกร้าน")
    load_content(content_tree.root)
    monkeypatch.setattr(export, "BATCH", 1)  # every row its own batch: none may be skipped
    out = tmp_path / "out"
    assert export_content(out) == {"villages": 1, "listings": 2, "articles": 0}
    first = _files(out)
    assert "listings/second-coffee.md" in first

    gone = db.session.scalar(select(Listing).where(Listing.slug == "second-coffee"))
    db.session.delete(gone)
    db.session.commit()

    def broken(*args):
        raise RuntimeError("disk full")
    monkeypatch.setattr(export, "article_fields", broken)
    (content_tree.root / "listings" / "second-coffee.md").unlink()
    content_tree.article()
    load_content(content_tree.root)
    with pytest.raises(RuntimeError):
        export_content(out)
    assert _files(out) == first  # the earlier export, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out"]  # no leftovers

    monkeypatch.undo()
    export_content(out)
    assert "listings/second-coffee.md" not in _files(out)
    assert "listings/test-coffee.md" in _files(out) and len(_files(out)) == len(first)


@pytest.mark.parametrize("make", ["file", "project"])
def test_an_export_refuses_a_target_that_holds_anything_else(app, tmp_path, runner, make):
    target = tmp_path / "target"
    if make == "file":
        target.write_text("notes")
    else:
        (target / "villages").mkdir(parents=True)
        (target / "setup.cfg").write_text("[metadata]")
    with pytest.raises(ExportRefused):
        export_content(target)
    result = runner.invoke(args=["content", "export", str(target)])
    assert result.exit_code == 1 and "ส่งออก" in result.output
    assert (target.read_text() == "notes" if make == "file"
            else (target / "setup.cfg").exists() and (target / "villages").is_dir())


def test_two_content_files_with_one_external_id_are_each_named(app, content_tree):
    from cdd_click.content import ContentInvalid
    content_tree.village(external_id="สกพ-ม-001")
    content_tree.village(slug="ban-other", title="บ้านอื่น", external_id="สกพ-ม-001")
    with pytest.raises(ContentInvalid) as refused:
        load_content(content_tree.root)
    message = "\n".join(map(str, refused.value.errors))
    assert "ban-other.md" in message and "ban-test.md" in message and "external_id" in message

    (content_tree.root / "villages" / "ban-other.md").unlink()
    load_content(content_tree.root)  # one file holds it now: loaded
    content_tree.village(slug="ban-third", title="บ้านที่สาม", external_id="สกพ-ม-001")
    (content_tree.root / "villages" / "ban-test.md").unlink()
    with pytest.raises(ContentInvalid) as refused:
        load_content(content_tree.root)  # the id is held by the stored ban-test
    message = "\n".join(map(str, refused.value.errors))
    assert "ban-third.md" in message and "'ban-test'" in message
