"""content/ files are validated as a whole, then loaded all together or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cdd_click.content import ContentInvalid, load_content, validate_content
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Village


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def valid_tree(tree):
    tree.village()
    tree.listing()
    tree.listing("test-homestay", kind="accommodation", category=None, otop_stars=None)
    tree.article()
    return tree


def errors_of(directory) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_content(directory)
    return [str(e) for e in caught.value.errors]


def test_valid_tree_loads_everything(app, content_tree):
    report = load_content(valid_tree(content_tree).root)
    assert report.counts["village"]["created"] == 1
    assert report.counts["listing"]["created"] == 2
    assert report.counts["article"]["created"] == 1
    village = db.session.scalar(select(Village))
    assert (village.slug, village.title, village.moo, village.subdistrict_code) == (
        "ban-test", "บ้านทดสอบ", 3, "502304"
    )
    coffee = db.session.scalar(select(Listing).where(Listing.slug == "test-coffee"))
    assert (coffee.kind, coffee.category, coffee.otop_stars) == ("otop_product", "beverage", 4)
    assert coffee.village is village
    article = db.session.scalar(select(Article))
    assert article.published_on.isoformat() == "2026-11-24"
    assert article.tags == ["โอทอป"]


def test_loading_twice_changes_nothing(app, content_tree):
    load_content(valid_tree(content_tree).root)
    stamp = db.session.scalar(select(Village.updated_at))
    report = load_content(content_tree.root)
    assert report.changed == 0
    assert report.counts["listing"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert count(Village) == 1 and count(Listing) == 2 and count(Article) == 1
    assert db.session.scalar(select(Village.updated_at)) == stamp


def test_edited_file_updates_its_row(app, content_tree):
    load_content(valid_tree(content_tree).root)
    content_tree.listing(title="กาแฟอราบิกาทดสอบ", otop_stars=5)
    report = load_content(content_tree.root)
    assert report.counts["listing"]["updated"] == 1
    coffee = db.session.scalar(select(Listing).where(Listing.slug == "test-coffee"))
    assert (coffee.title, coffee.otop_stars) == ("กาแฟอราบิกาทดสอบ", 5)


def test_removed_optional_field_is_cleared(app, content_tree):
    load_content(valid_tree(content_tree).root)
    content_tree.listing(otop_stars=None)
    load_content(content_tree.root)
    stars = select(Listing.otop_stars).where(Listing.slug == "test-coffee")
    assert db.session.scalar(stars) is None


def test_every_error_is_reported_with_file_and_field_and_nothing_loads(app, content_tree):
    valid_tree(content_tree)
    content_tree.village("ban-far", lat=35.68, lon=139.69)
    content_tree.village("ban-nowhere", subdistrict='"999999"')
    content_tree.listing("bad-stars", otop_stars=6)
    content_tree.listing("orphan", village="no-such-village")
    content_tree.article("bad-date", published="2026-13-45")
    errors = errors_of(content_tree.root)
    joined = "\n".join(errors)
    assert "villages/ban-far.md: lat:" in joined and "outside Thailand" in joined
    assert "villages/ban-far.md: lon:" in joined
    assert "villages/ban-nowhere.md: subdistrict: unknown code 999999" in joined
    assert "listings/bad-stars.md: otop_stars:" in joined
    assert "listings/orphan.md: village: unknown village 'no-such-village'" in joined
    assert "articles/bad-date.md: published:" in joined
    assert len(errors) == 6
    assert count(Village) == count(Listing) == count(Article) == 0


def test_non_utf8_file_is_an_error(app, content_tree):
    valid_tree(content_tree)
    (content_tree.root / "villages" / "ban-tis.md").write_bytes(
        "---\ntitle: บ้าน\n---\n".encode("tis-620")
    )
    assert errors_of(content_tree.root) == [
        f"{content_tree.root}/villages/ban-tis.md: encoding: not UTF-8 (byte 11)"
    ]
    assert count(Village) == 0


@pytest.mark.parametrize(
    ("folder", "overrides", "field", "fragment"),
    [
        ("villages", {"title": None}, "title", "is required"),
        ("villages", {"title": "Ban Test"}, "title", "must be written in Thai"),
        ("villages", {"moo": "abc"}, "moo", "whole number"),
        ("villages", {"subdistrict": "50230"}, "subdistrict", "6-digit"),
        ("villages", {"lat": None}, "lat", "is required"),
        ("villages", {"colour": "red"}, "colour", "unknown field"),
        ("listings", {"kind": "shop"}, "kind", "must be one of"),
        ("listings", {"category": "เสื้อผ้า"}, "category", "must be one of"),
        ("listings", {"category": None}, "category", "needs one of the five"),
        ("listings", {"otop_stars": 0}, "otop_stars", "outside 1–5"),
        ("listings", {"kind": "attraction", "category": None}, "otop_stars", "only OTOP"),
        ("listings", {"price_min": 300, "price_max": 100}, "price_max", "below price_min"),
        ("listings", {"lat": 18.8}, "lon", "together"),
        ("listings", {"website": "not a url"}, "website", "web address"),
        ("articles", {"published": "2569-11-24"}, "published", "Buddhist-era"),
        ("articles", {"published": "yesterday"}, "published", "YYYY-MM-DD"),
        ("articles", {"category": None}, "category", "is required"),
    ],
)
def test_field_errors_name_file_and_field(app, content_tree, folder, overrides, field, fragment):
    valid_tree(content_tree)
    writer = {"villages": content_tree.village, "listings": content_tree.listing,
              "articles": content_tree.article}[folder]
    writer("broken-item", **overrides)
    errors = errors_of(content_tree.root)
    matching = [e for e in errors if e.startswith(f"{content_tree.root}/{folder}/broken-item.md:")]
    assert matching, errors
    assert any(f": {field}: " in e and fragment in e for e in matching), matching
    assert count(Village) == 0


def test_missing_front_matter_and_broken_yaml(app, content_tree):
    content_tree.village()
    (content_tree.root / "articles" / "no-front.md").write_text("# แค่เนื้อหา\n", encoding="utf-8")
    (content_tree.root / "articles" / "bad-yaml.md").write_text(
        "---\ntitle: [ไม่ปิด\n---\nเนื้อหา\n", encoding="utf-8"
    )
    errors = errors_of(content_tree.root)
    assert any("no-front.md: front matter: missing" in e for e in errors)
    assert any("bad-yaml.md: front matter: YAML" in e for e in errors)


def test_bad_file_name_is_an_error(app, content_tree):
    content_tree.village("Ban_Test")
    assert any("Ban_Test.md: slug:" in e for e in errors_of(content_tree.root))


def test_listing_may_refer_to_a_village_already_in_the_database(app, content_tree):
    content_tree.village()
    load_content(content_tree.root)
    (content_tree.root / "villages" / "ban-test.md").unlink()
    content_tree.listing()
    assert len(validate_content(content_tree.root)) == 1


def test_cli_load_reports_counts(runner, content_tree):
    result = runner.invoke(args=["content", "load", str(valid_tree(content_tree).root)])
    assert result.exit_code == 0, result.output
    assert "village: 1 created" in result.output
    again = runner.invoke(args=["content", "load", str(content_tree.root)])
    assert "village: 0 created, 0 updated, 1 unchanged" in again.output


def test_cli_load_fails_loudly_and_loads_nothing(runner, content_tree):
    valid_tree(content_tree)
    content_tree.listing("bad-stars", otop_stars=9)
    content_tree.article("bad-date", published="2026-02-30")
    result = runner.invoke(args=["content", "load", str(content_tree.root)])
    assert result.exit_code == 1
    assert "listings/bad-stars.md: otop_stars: 9 is outside 1–5" in result.output
    assert "articles/bad-date.md: published:" in result.output
    assert "2 error(s); nothing was loaded." in result.output
    assert count(Listing) == 0


def test_cli_check_validates_without_loading(runner, content_tree):
    result = runner.invoke(args=["content", "check", str(valid_tree(content_tree).root)])
    assert result.exit_code == 0
    assert "4 file(s) valid." in result.output
    assert count(Village) == 0


def test_missing_directory(runner, tmp_path):
    result = runner.invoke(args=["content", "load", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "directory: does not exist" in result.output


def test_the_star_years_era_is_read_from_files_and_written_back_in_the_buddhist_era(
        app, content_tree, tmp_path):
    from cdd_click.content.export import listing_fields

    valid_tree(content_tree)
    content_tree.listing(otop_year="๒๕๖๕")
    load_content(content_tree.root)
    coffee = db.session.scalar(select(Listing).where(Listing.slug == "test-coffee"))
    assert coffee.otop_year == 2022
    assert listing_fields(coffee, tmp_path)["otop_year"] == 2565
    content_tree.listing(otop_year=2022)
    assert load_content(content_tree.root).changed == 0  # the same year, written in CE
    content_tree.listing(otop_year=2700)
    content_tree.listing("no-stars", otop_stars=None, otop_year=2565)
    with pytest.raises(ContentInvalid) as raised:
        load_content(content_tree.root)
    text = "\n".join(str(e) for e in raised.value.errors)
    assert "otop_year" in text and "2700" in text and "needs the star level" in text


def test_english_bodies_and_highlights_load_show_on_english_pages_and_export_as_blocks(
        app, content_tree, tmp_path):
    from cdd_click.content.export import export_content

    valid_tree(content_tree)
    content_tree.village(highlights="[เดินป่าชมสวนเมี่ยง, ชิมกาแฟ]",
                         highlights_en="[Walk the tea-leaf forest, Taste the coffee]",
                         body_en="|\n  A hill village of tea and coffee.\n\n  ## Staying\n\n"
                                 "  Homestays.")
    content_tree.listing(highlights="[ชิมกาแฟคั่วสด]", body_en="Coffee grown in the village.")
    load_content(content_tree.root)
    village = db.session.scalar(select(Village))
    assert village.highlights_en == ["Walk the tea-leaf forest", "Taste the coffee"]
    client = app.test_client()
    english = client.get(f"/en/villages/{village.slug}").get_data(as_text=True)
    assert "<p>A hill village of tea and coffee.</p>" in english
    assert "<li>Walk the tea-leaf forest</li>" in english and "เดินป่าชมสวนเมี่ยง" not in english
    thai = client.get(f"/villages/{village.slug}").get_data(as_text=True)
    assert "เดินป่าชมสวนเมี่ยง" in thai and "A hill village" not in thai
    listing = client.get("/en/listings/test-coffee").get_data(as_text=True)
    assert "Coffee grown in the village." in listing
    assert '<ul class="highlights" lang="th"><li>ชิมกาแฟคั่วสด</li>' in listing  # no English yet
    homestay = client.get("/en/listings/test-homestay").get_data(as_text=True)
    assert "Coffee grown" not in homestay

    export_content(tmp_path / "out")
    written = (tmp_path / "out" / "villages" / f"{village.slug}.md").read_text(encoding="utf-8")
    assert "body_en: |\n  A hill village of tea and coffee.\n\n  ## Staying\n" in written
    assert load_content(tmp_path / "out").changed == 0  # the export reads back unchanged


def test_articles_have_key_points_in_both_languages(app, content_tree, tmp_path):
    from cdd_click.content.export import export_content

    valid_tree(content_tree)
    content_tree.article(highlights="[โอทอปคือหนึ่งตำบลหนึ่งผลิตภัณฑ์, คัดสรรเป็นระดับดาว]",
                         highlights_en="[OTOP is One Tambon One Product, Stars rate products]",
                         body_en="OTOP in English.")
    load_content(content_tree.root)
    english = app.test_client().get("/en/articles/test-article").get_data(as_text=True)
    assert '<h2 id="key-points-heading">Key points</h2>' in english
    assert "<li>OTOP is One Tambon One Product</li>" in english
    thai = app.test_client().get("/articles/test-article").get_data(as_text=True)
    assert "<li>คัดสรรเป็นระดับดาว</li>" in thai
    export_content(tmp_path / "out")
    assert load_content(tmp_path / "out").changed == 0
