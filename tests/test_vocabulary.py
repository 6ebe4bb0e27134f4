"""The controlled vocabularies live in ``vocabulary``, and every table there covers every code."""

from __future__ import annotations

from cdd_click import vocabulary
from cdd_click.geography import REGIONS
from cdd_click.models.listing import ListingKind, OtopCategory
from cdd_click.search import documents, thai


def test_each_table_names_every_code_once_in_order():
    assert list(vocabulary.KIND_LABELS) == list(vocabulary.KIND_TERMS) == list(ListingKind)
    assert list(vocabulary.CATEGORY_LABELS) == list(vocabulary.CATEGORY_TERMS) == list(OtopCategory)
    assert tuple(vocabulary.REGION_LABELS) == tuple(vocabulary.REGION_TERMS) == REGIONS
    assert set(vocabulary.TYPE_TERMS) < set(vocabulary.TYPE_LABELS)
    assert set(vocabulary.CATEGORY_THAI_NAMES.values()) == set(OtopCategory)
    assert vocabulary.PRODUCT_KINDS < set(ListingKind)
    assert set(vocabulary.KIND_ALIASES.values()) < set(ListingKind)


def test_tables_are_looked_up_by_the_plain_codes_stored_in_the_database():
    assert vocabulary.KIND_TERMS["accommodation"].endswith("homestay")
    assert vocabulary.CATEGORY_TERMS["textile"].startswith("ผ้าและเครื่องแต่งกาย")
    assert "community_product" in vocabulary.PRODUCT_KINDS
    assert "attraction" not in vocabulary.PRODUCT_KINDS


def test_search_uses_the_vocabulary_rather_than_copies():
    assert documents.KIND_TERMS is vocabulary.KIND_TERMS
    assert documents.CATEGORY_TERMS is vocabulary.CATEGORY_TERMS
    assert documents.REGION_TERMS is vocabulary.REGION_TERMS
    assert documents.TYPE_TERMS is vocabulary.TYPE_TERMS
    assert thai.DOMAIN_WORDS is vocabulary.DOMAIN_WORDS
    assert set(vocabulary.DOMAIN_WORDS) <= set(thai.dictionary_words([]))
