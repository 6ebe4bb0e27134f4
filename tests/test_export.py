"""content export writes files that load back into the same database, byte for byte."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from cdd_click import photos, publishing
from cdd_click.config import CONTENT_DIR
from cdd_click.content import load_content
from cdd_click.content.export import export_content
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Photo, Village


def state() -> dict:
    """Every content row as its snapshot, keyed by type and slug."""
    rows = {}
    for model in (Village, Listing, Article):
        for row in db.session.scalars(select(model)):
            snap = publishing.snapshot(row)
            snap.pop("village_id", None)
            snap["village"] = row.village.slug if isinstance(row, Listing) else None
            if not isinstance(row, Article):
                snap["photos"] = [(p.alt, p.width, p.height) for p in photos.photos_of(row)]
            rows[(model.__name__, row.slug)] = snap
    return rows


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*.md"))}


def test_round_trip_of_the_shipped_content_with_a_photo(app, tmp_path, runner, databases):
    from cdd_click import create_app

    blank = databases.clone()  # an empty site of its own (migrated, geography seeded)
    fresh = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": blank,
                        "SEARCH_INDEX_DIR": str(tmp_path / "blank-index"),
                        "MEDIA_DIR": str(tmp_path / "blank-media")})
    load_content(CONTENT_DIR)
    village = db.session.scalar(select(Village).where(Village.slug == "ban-mae-kampong"))
    image = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 140, 60)).save(image, "JPEG")
    photos.add_photo(village, image.getvalue(), "ไร่ชาบนเขา")
    draft = db.session.scalar(select(Article).where(Article.slug == "what-is-otop"))
    publishing.save(draft, {"status": "draft", "province_code": "50"}, None, draft.version)
    before = state()

    first = tmp_path / "export-1"
    result = runner.invoke(args=["content", "export", str(first)])
    assert result.exit_code == 0, result.output
    shipped = len(list((CONTENT_DIR / "villages").glob("*.md")))
    assert f"{shipped} villages" in result.output
    assert (first / "villages" / "ban-mae-kampong.md").read_text().count("media/") == 1

    with fresh.app_context():
        load_content(first)
        assert state() == before
        second = tmp_path / "export-2"
        export_content(second)
        assert tree(second) == tree(first)
        assert db.session.scalar(select(Photo.alt)) == "ไร่ชาบนเขา"
        db.session.remove()
        db.engine.dispose()
    databases.drop(blank)


def test_export_keeps_unicode_and_leaves_unknown_facts_out(app, tmp_path):
    load_content(CONTENT_DIR)
    export_content(tmp_path / "out")
    text = (tmp_path / "out" / "listings" / "phrae-wa-silk-ban-phon.md").read_text()
    assert "title: ผ้าไหมแพรวาบ้านโพน" in text
    assert "category: ผ้าและเครื่องแต่งกาย" in text
    assert "price_min" not in text and "phone" not in text and "status" not in text
