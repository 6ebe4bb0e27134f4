"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) of every body the public API answers with.

Enumerations come from the code that produces the values (``vocabulary``, ``search.params``,
``search.facets``), so the description cannot drift from what the API does.
"""

from __future__ import annotations

from typing import Any

from cdd_click.api.views import MAX_SUGGESTIONS, SUGGEST_PREFIX_CHARS
from cdd_click.models.listing import ListingKind
from cdd_click.search.facets import FACETS
from cdd_click.search.params import MAX_PAGE, TYPES
from cdd_click.search.query import MAX_QUERY_CHARS

Schema = dict[str, Any]
PROVINCE_CODE = "^[0-9]{2}$"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Schema], description: str, closed: bool = True) -> Schema:
    """An object whose every listed property is always present."""
    schema: Schema = {"type": "object", "description": description,
                      "required": list(properties), "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    return schema


def _nullable(schema: Schema, description: str) -> Schema:
    """``schema`` or ``null`` (JSON Schema 2020-12: a list of types, ``null`` in the enum)."""
    widened = dict(schema, type=[schema["type"], "null"], description=description)
    if "enum" in schema:
        widened["enum"] = [*schema["enum"], None]
    return widened


def _item_fields() -> dict[str, Schema]:
    """The fields that name a village, listing or article and link to its page."""
    return {
        "type": {"type": "string", "enum": list(TYPES), "description": "What the item is."},
        "slug": {"type": "string", "minLength": 1,
                 "description": "Its identifier in page URLs."},
        "title": {"type": "string", "description": "Thai title."},
        "title_en": {"type": "string", "description": "English title; empty when none."},
        "url": {"type": "string", "format": "uri-reference", "pattern": "^/",
                "description": "Path of its public page on this site (Thai; under /en/ when "
                               "the API is called as /en/api/v1/…)."},
    }


def search_hit() -> Schema:
    fields = _item_fields()
    fields.update({
        "snippet": {"type": "string", "description": "HTML: escaped text around the first "
                    "query word, query words in <mark>…</mark>. Insert as HTML, not text."},
        "kind": _nullable({"type": "string", "enum": [k.value for k in ListingKind]},
                          "Listing kind; null for villages and articles."),
        "province": _nullable({"type": "string", "pattern": PROVINCE_CODE},
                              "2-digit DOPA province code; null for articles."),
        "province_name": _nullable({"type": "string"}, "Thai province name; null for "
                                                       "articles."),
    })
    return _object(fields, "One result.")


def facets() -> Schema:
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
              "description": "Value -> number of matching items (values as the filter takes "
                             "them: codes, 2-digit province codes, star levels)."}
    return _object({name: counts for name in FACETS},
                   "Counts of all matches (every page) by each filter's values.")


def search_response() -> Schema:
    return _object({
        "query": {"type": "string", "maxLength": MAX_QUERY_CHARS,
                  "description": "The query as searched (normalised, cut to "
                                 f"{MAX_QUERY_CHARS} characters)."},
        "total": {"type": "integer", "minimum": 0, "description": "Matches on all pages."},
        "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        "pages": {"type": "integer", "minimum": 0, "description": "0 when nothing matches."},
        "results": {"type": "array", "items": _ref("SearchHit")},
        "facets": _ref("Facets"),
        "suggestion": _nullable({"type": "string"}, "\"Did you mean\": the query with a "
                                                    "misspelt word corrected, or null."),
    }, "A page of search results.")


def suggest_response() -> Schema:
    return _object({
        "query": {"type": "string", "maxLength": SUGGEST_PREFIX_CHARS,
                  "description": "The prefix as looked up (normalised, cut to "
                                 f"{SUGGEST_PREFIX_CHARS} characters)."},
        "titles": {"type": "array", "maxItems": MAX_SUGGESTIONS,
                   "items": _object(_item_fields(), "A title that contains the prefix.")},
        "terms": {"type": "array", "items": {"type": "string"},
                  "description": "Indexed words that start with the prefix, most frequent "
                                 "first."},
    }, "Autocomplete suggestions.")


def error() -> Schema:
    return _object({
        "error": {"type": "string", "pattern": "^[a-z_]+$",
                  "description": "A code to act on: `not_found`, `method_not_allowed`, "
                                 "`search_unavailable`, `database_unavailable`, "
                                 "`internal_server_error`, …"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599,
                   "description": "The HTTP status code, repeated."},
        "message": {"type": "string", "description": "What happened, in English."},
    }, "Every error under /api/v1/.")


def health() -> Schema:
    return _object({"status": {"const": "ok"}}, "The process answers.")


def readiness(ready: bool) -> Schema:
    checks = {"type": "object", "additionalProperties": {"type": "string"},
              "description": "Each dependency (database, search_index, …): \"ok\" or what is "
                             "wrong with it."}
    status = "ready" if ready else "not ready"
    return _object({"status": {"const": status}, "checks": checks},
                   f"Readiness: {status}.", closed=False)


def openapi_document() -> Schema:
    return {"type": "object", "required": ["openapi", "info", "paths"],
            "properties": {"openapi": {"type": "string", "pattern": "^3\\.1\\.\\d+$"}},
            "description": "This document."}


def component_schemas() -> dict[str, Schema]:
    """Every schema of ``components.schemas``."""
    return {
        "SearchResponse": search_response(), "SearchHit": search_hit(), "Facets": facets(),
        "SuggestResponse": suggest_response(), "Error": error(), "Health": health(),
        "Ready": readiness(True), "NotReady": readiness(False),
        "OpenAPIDocument": openapi_document(),
    }
