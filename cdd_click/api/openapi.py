"""The OpenAPI 3.1 description of the public API, built from the code it describes.

Parameter enumerations come from ``vocabulary`` and ``search`` (the same values the API parses),
labels in Thai and English from the translation catalogues, and the server from ``SITE_URL``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from flask import current_app

from cdd_click.api import API_PREFIX, examples, items, schemas
from cdd_click.i18n import Label
from cdd_click.search.params import LATITUDE, LONGITUDE, MAX_PAGE, STARS, TYPES
from cdd_click.search.query import MAX_QUERY_CHARS, SORTS
from cdd_click.vocabulary import (
    CATEGORY_LABELS,
    CATEGORY_THAI_NAMES,
    KIND_ALIASES,
    KIND_LABELS,
    REGION_ALIASES,
    REGION_LABELS,
    TYPE_LABELS,
)

Document = dict[str, Any]
OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"

DESCRIPTION = f"""\
The public API of **Click ชุมชน** ("Click Chumchon"), the site of Thailand's Community \
Development Department (กรมการพัฒนาชุมชน, CDD): community-tourism villages \
(หมู่บ้านท่องเที่ยวชุมชน), community and OTOP products (ผลิตภัณฑ์ OTOP), attractions, \
homestays, experiences and knowledge articles (องค์ความรู้), in Thai first.

- `{API_PREFIX}/search` and `{API_PREFIX}/suggest` are for other applications: the site's own \
full-text search (Thai word segmentation, facets, "did you mean") and autocomplete, as JSON. \
`{API_PREFIX}/items/{{section}}/{{slug}}` gives one item with its contacts, prices, hours and \
which of them its owner supplied. No key is needed.
- `/healthz` and `/readyz` are **for operators** (load balancers, monitoring), not for building on.

Search input is never an error: unknown filter values are ignored, over-long text is cut, \
odd characters are dropped; an item that is not published is a 404. Errors under \
`{API_PREFIX}/` (an unknown path or method, a database outage) are JSON \
`{{"error": "<code>", "status": <HTTP status>, "message": "…"}}`; a 405 carries \
`Allow`, a 503 `Retry-After`. Calling the API as `/en{API_PREFIX}/…` gives links to the \
English pages."""


def _names(labels: Mapping[str, Label]) -> dict[str, tuple[str, str]]:
    """Each code's label in Thai and in English (from the translation catalogues)."""
    return {code: (label.in_locale("th"), label.in_locale("en")) for code, label in labels.items()}


def _choices(labels: Mapping[str, Any], aliases: Mapping[str, str] | None = None) -> str:
    """A Markdown list of the values a filter takes, with their Thai and English names."""
    lines = [f"- `{code}`: {thai} ({english})" for code, (thai, english) in _names(labels).items()]
    lines += [f"- `{alias}`: same as `{code}`" for alias, code in (aliases or {}).items()]
    return "\n".join(lines)


def _query(name: str, schema: Document, description: str, **extra: Any) -> Document:
    """A query-string parameter."""
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description, **extra}


def _filter_parameters() -> list[Document]:
    ignored = "\n\nAny other value is ignored."
    return [
        _query("type", {"type": "string", "enum": list(TYPES)},
               "Only one type of item:\n" + _choices(TYPE_LABELS) + ignored),
        _query("kind", {"type": "string", "enum": [*KIND_LABELS, *KIND_ALIASES]},
               "Only listings of one kind (case does not matter):\n"
               + _choices(KIND_LABELS, KIND_ALIASES) + ignored, example="otop_product"),
        _query("province", {"type": "string"},
               "Only one province, by its 2-digit DOPA code (e.g. `50`) or its name in Thai or "
               "English (`เชียงใหม่`, `Chiang Mai`, `korat`)." + ignored, example="50"),
        _query("region", {"type": "string", "enum": [*REGION_LABELS, *REGION_ALIASES]},
               "Only one region:\n" + _choices(REGION_LABELS, REGION_ALIASES) + ignored,
               example="north"),
        _query("category", {"type": "string", "enum": [*CATEGORY_LABELS, *CATEGORY_THAI_NAMES]},
               "Only one official OTOP product category, by code or official Thai name:\n"
               + _choices(CATEGORY_LABELS, CATEGORY_THAI_NAMES) + ignored, example="textile"),
        _query("stars", {"type": "integer", "minimum": STARS[0], "maximum": STARS[1]},
               "Only OTOP products of exactly this star level." + ignored, example=5),
    ]


def search_parameters() -> list[Document]:
    """Every query parameter of ``/search``, as ``search.params`` reads them."""
    return [
        _query("q", {"type": "string"},
               "Words to find, in Thai or English (spaces between Thai words are optional). "
               f"Only the first {MAX_QUERY_CHARS} characters are used. Empty: every item that "
               "passes the filters.", examples=examples.SEARCH_QUERIES),
        *_filter_parameters(),
        _query("district", {"type": "string", "pattern": "^[0-9]{4}$"},
               "Only one district, by its 4-digit DOPA code (e.g. `5803` ปาย).", example="5803"),
        _query("literal", {"type": "string", "enum": ["1"]},
               "`1`: search the words as typed. Without it, places, kinds and categories in "
               "`q` become filters (`understood`), \"near X\" a distance sort, and a query "
               "mistyped with the wrong keyboard layout, without tone marks or in loose "
               "romanisation is searched as meant."),
        _query("sort", {"type": "string", "enum": list(SORTS), "default": SORTS[0]},
               "`relevance` (default), `newest` first, or `nearest` to `lat`/`lon` (without "
               "both of them, `nearest` falls back to `relevance`)."),
        _query("lat", {"type": "number", "minimum": LATITUDE[0], "maximum": LATITUDE[1]},
               "Latitude (WGS 84) for `sort=nearest`.", example=18.865),
        _query("lon", {"type": "number", "minimum": LONGITUDE[0], "maximum": LONGITUDE[1]},
               "Longitude (WGS 84) for `sort=nearest`.", example=99.352),
        _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
               "Page of results; anything else gives page 1."),
    ]


def item_parameters() -> list[Document]:
    """The path parameters of ``/items/{section}/{slug}``."""
    return [
        {"name": "section", "in": "path", "required": True,
         "schema": {"type": "string", "enum": list(items.SECTIONS)},
         "description": "What the item is, as in the site's page addresses.",
         "example": "listings"},
        {"name": "slug", "in": "path", "required": True,
         "schema": {"type": "string", "pattern": items.SLUG_PATTERN, "minLength": 1,
                    "maxLength": items.MAX_SLUG},
         "description": "The item's slug, as in its page address (`url` of a search hit).",
         "examples": examples.ITEM_SLUGS},
    ]


def _json(schema: str, description: str, example: Document | None = None,
          headers: Document | None = None) -> Document:
    """A response with a JSON body of ``components.schemas[schema]``."""
    content: Document = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
    if example is not None:
        content["example"] = example
    response = {"description": description, "content": {"application/json": content}}
    if headers:
        response["headers"] = headers
    return response


def _errors() -> dict[str, Document]:
    """The errors an API operation can answer with."""
    retry = {"Retry-After": {"description": "Seconds to wait before trying again.",
                             "schema": {"type": "integer", "minimum": 1}}}
    unavailable = _json("Error", "The search index is being rebuilt, or the database cannot be "
                        "reached: try again after `Retry-After` seconds.", headers=retry)
    unavailable["content"]["application/json"]["examples"] = examples.UNAVAILABLE
    too_long = {"description": "The request line is longer than the HTTP server accepts (about "
                "4 KB with gunicorn): answered by the server in front of the app, as HTML.",
                "content": {"text/html": {"schema": {"type": "string"}}}}
    return {"414": too_long,
            "500": _json("Error", "Unexpected failure (logged; it should never happen).",
                         examples.INTERNAL_ERROR),
            "503": unavailable}


def _operation(operation_id: str, tag: str, summary: str, responses: Document,
               parameters: list[Document] | None = None, description: str = "") -> Document:
    operation = {"operationId": operation_id, "tags": [tag], "summary": summary,
                 "responses": responses}
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def paths() -> Document:
    """Every public path and what it answers."""
    return {
        f"{API_PREFIX}/search": _operation(
            "search", "search", "Full-text search of villages, listings and articles",
            {"200": _json("SearchResponse", "A page of results.", examples.SEARCH_RESPONSE),
             **_errors()}, search_parameters(),
            "The same search as the site's /search page: Thai word segmentation, all words "
            "must match (else any may), facets over every match, \"did you mean\"."),
        f"{API_PREFIX}/suggest": _operation(
            "suggest", "search", "Autocomplete titles and words for a prefix",
            {"200": _json("SuggestResponse", "Suggestions (cacheable for 60 s).",
                          examples.SUGGEST_RESPONSE), **_errors()},
            [_query("q", {"type": "string"}, "What has been typed so far (the first "
                    f"{schemas.SUGGEST_PREFIX_CHARS} characters are used); empty gives no "
                    "suggestions.", examples=examples.SUGGEST_PREFIXES)]),
        f"{API_PREFIX}/items/{{section}}/{{slug}}": _operation(
            "item", "items", "One published village, listing or article",
            {"200": _json("Item", "The item as its page shows it.", examples.ITEM_RESPONSE),
             "404": _json("Error", "No published item has this address (unknown, a draft, "
                          "or archived).", examples.ITEM_NOT_FOUND),
             **_errors()}, item_parameters(),
            "What the item's public page shows, as stored: contacts, prices, opening days and "
            "hours, practical facts, its map point and whether it is approximate, when staff "
            "last checked it, its sources and photos, and `owner_supplied`: which values its "
            "owner (a producer group, a homestay host) supplied, approved by the district "
            "office or published by an owner it trusts. An owner's change is here only once it "
            "is published. Fields that do not apply to the type are null (or empty)."),
        f"{API_PREFIX}/openapi.json": _operation(
            "openapi", "meta", "This document",
            {"200": _json("OpenAPIDocument", "The OpenAPI 3.1 description of the API.")}),
        "/healthz": _operation(
            "healthz", "operations", "Liveness (for operators)",
            {"200": _json("Health", "The process answers.", {"status": "ok"})}),
        "/readyz": _operation(
            "readyz", "operations", "Readiness (for operators)",
            {"200": _json("Ready", "Ready to serve.", examples.READY),
             "503": _json("NotReady", "Not ready: take this machine out of service.",
                          examples.NOT_READY)},
            description="Ready when the database answers and this machine's search index "
                        "holds every committed change."),
    }


def server_url() -> str:
    """The site's public address (``SITE_URL``); a relative server when it is not set."""
    return (current_app.config.get("SITE_URL") or "").rstrip("/") or "/"


def build_document(server: str) -> Document:
    """The whole OpenAPI document, for the site served at ``server``."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "Click ชุมชน public API", "version": API_VERSION,
                 "summary": "Search Thailand's community-tourism villages, OTOP and community "
                            "products and knowledge articles (กรมการพัฒนาชุมชน).",
                 "description": DESCRIPTION},
        "servers": [{"url": server, "description": "Click ชุมชน"}],
        "tags": [{"name": "search", "description": "Search and autocomplete (ค้นหา)."},
                 {"name": "items", "description": "One village, listing or article."},
                 {"name": "meta", "description": "This description."},
                 {"name": "operations", "description": "Health checks for operators."}],
        "paths": paths(),
        "components": {"schemas": schemas.component_schemas(), "responses": {
            "NotFound": _json("Error", f"No such path under {API_PREFIX}/.", examples.NOT_FOUND),
            "MethodNotAllowed": _json("Error", "Only GET (and HEAD) are answered; `Allow` lists "
                                      "them.", examples.METHOD_NOT_ALLOWED)}},
    }


@lru_cache(maxsize=8)
def document_json(server: str) -> str:
    """The document as JSON text, built once per server address and process."""
    return json.dumps(build_document(server), ensure_ascii=False, indent=1)
