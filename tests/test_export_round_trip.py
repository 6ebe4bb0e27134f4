"""The content export carries every field the loader reads (issue 23)."""

from __future__ import annotations

from sqlalchemy import select

from cdd_click.content import load_content
from cdd_click.content.export import export_content, listing_fields, village_fields
from cdd_click.content.schema import LISTING, VILLAGE
from cdd_click.extensions import db
from cdd_click.models import Listing, Village


def test_export_writes_every_key_the_loader_reads(app, content_tree, tmp_path):
    content_tree.village()
    content_tree.listing()
    load_content(content_tree.root)
    village = db.session.scalar(select(Village))
    listing = db.session.scalar(select(Listing))
    assert set(village_fields(village, tmp_path)) - {"body"} == set(VILLAGE)
    assert set(listing_fields(listing, tmp_path)) - {"body"} == set(LISTING)


def test_external_id_and_approximate_location_survive_and_an_omitted_id_clears(
        app, content_tree, tmp_path):
    content_tree.village(external_id="สกพ-ม-001", location_approximate="true")
    content_tree.listing(external_id="OTOP-123")
    load_content(content_tree.root)
    export_content(tmp_path / "out")
    text = (tmp_path / "out" / "villages" / "ban-test.md").read_text()
    assert "external_id: สกพ-ม-001" in text and "location_approximate: true" in text
    assert "external_id: OTOP-123" in (tmp_path / "out" / "listings" / "test-coffee.md").read_text()
    content_tree.village()  # the same file without external_id or location_approximate
    load_content(content_tree.root)
    village = db.session.scalar(select(Village))
    assert village.external_id is None and village.location_approximate is False
    load_content(tmp_path / "out")
    db.session.expire_all()
    village = db.session.scalar(select(Village))
    assert (village.external_id, village.location_approximate) == ("สกพ-ม-001", True)
    assert db.session.scalar(select(Listing.external_id)) == "OTOP-123"
