"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) of every body the public API answers with.

Enumerations come from the code that produces the values (``vocabulary``, ``search.params``,
``search.facets``), so the description cannot drift from what the API does.
"""

from __future__ import annotations

from typing import Any

from cdd_click.api.views import MAX_PLACES, MAX_SUGGESTIONS, SUGGEST_PREFIX_CHARS
from cdd_click.models.facts import AUDIENCES, LANGUAGES, WEEKDAYS
from cdd_click.models.listing import ListingKind
from cdd_click.owner_facts import FIELDS
from cdd_click.positions import OWN, TAMBON, VILLAGE
from cdd_click.search.facets import FACETS
from cdd_click.search.params import MAX_PAGE, TYPES
from cdd_click.search.query import MAX_QUERY_CHARS, NEXT_STEP_REASONS
from cdd_click.sources import MAX_SOURCES

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
        "distance_km": _nullable({"type": "number", "minimum": 0},
                                 "Kilometres from `lat`/`lon` or from the town of \"near X\"; "
                                 "null without a point or for an item without coordinates."),
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
        "understood": understood(),
        "next_steps": {"type": "array", "items": _object({
            "reason": {"type": "string", "enum": list(NEXT_STEP_REASONS),
                       "description": "`without_words`: the query without the words nothing "
                                      "holds; `kind_everywhere`: the same kind in every "
                                      "province; `nearby_province`: the nearest provinces that "
                                      "have it; `place_everything`: everything in the place."},
            "params": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Query parameters of /search (and of this API)."},
            "count": {"type": "integer", "minimum": 0, "description": "Items it finds."},
            "url": {"type": "string", "description": "The /search page of it."},
        }, "A search worth trying."), "description": "Only when nothing was found: "
                                                      "searches worth trying instead."},
    }, "A page of search results.")


def understood() -> Schema:
    part = _object({
        "role": {"type": "string", "enum": ["place", "near", "kind", "category", "type"]},
        "param": {"type": "string", "description": "The filter it sets (`region`, `province`, "
                  "`district`, `subdistrict`, `kind`, `category`, `type`), or `near`."},
        "value": {"type": "string", "description": "The filter's value (a code), or for "
                  "`near` the place's code or `item`."},
        "text": {"type": "string", "description": "The words of the query it was read from."},
        "name": {"type": "string", "description": "Its name or label in Thai."},
        "name_en": {"type": "string", "description": "A place's English name (else empty)."},
    }, "One understood part of the query: shown as a removable chip on /search.")
    correction = _object({
        "reason": {"type": "string", "enum": ["digits", "keyboard", "romanised", "tone_marks",
                                              "spelling", "place"]},
        "typed": {"type": "string"}, "used": {"type": "string"},
        "applied": {"type": "boolean", "description": "Searched instead of what was typed."},
        "guess": {"type": "boolean", "description": "True for a spelling guess, searched "
                  "only because the query as typed found nothing; false for an unambiguous "
                  "rewrite (Thai digits, keyboard layout, romanisation, tone marks)."},
        "label": {"type": "string", "description": "A misspelt place (`place`): its English "
                  "and Thai names, \"Khon Kaen (ขอนแก่น)\"; else empty."},
    }, "A rewrite of the query (`applied`), or one only offered (\"did you mean\").")
    from cdd_click.api.views import UNDERSTOOD_FILTERS

    return _object({
        **{name: _nullable({"type": "string"}, f"The `{name}` filter read from the words, or "
                           "null.") for name in UNDERSTOOD_FILTERS},
        "words": {"type": "string", "description": "The words searched after the understood "
                  "parts were taken out."},
        "filters": {"type": "object", "additionalProperties": {"type": "string"},
                    "description": "Filters read from the words (the URL's own win)."},
        "parts": {"type": "array", "items": part},
        "near": _nullable({"type": "object", "required": ["text", "lat", "lon"],
                           "additionalProperties": False,
                           "properties": {"text": {"type": "string"},
                                          "lat": {"type": "number"}, "lon": {"type": "number"}}},
                          "\"near X\": the point results are sorted by distance from."),
        "corrections": {"type": "array", "items": correction},
        "all_words": {"type": "boolean", "description": "False when no result holds every "
                      "word and these hold some of them."},
        "dropped": {"type": "array", "items": {"type": "string"},
                    "description": "Words that no result holds."},
        "question": _nullable({"type": "string", "enum": ["explain", "where"]},
                              "A question (คืออะไร, how to…: `explain`, articles first and no "
                              "filters read; ที่ไหน, where…: `where`), or null. Its words are "
                              "neither filters nor searched."),
    }, "What the query was read as: places, kinds and categories become filters, \"near X\" a "
       "distance sort; mistyped queries are rewritten.")


def suggested_place() -> Schema:
    return _object({
        "name": {"type": "string", "minLength": 1, "description": "Thai name."},
        "name_en": {"type": "string", "description": "English name."},
        "kind": {"type": "string", "enum": ["province", "district"],
                 "description": "What the place is."},
        "kind_label": {"type": "string", "minLength": 1,
                       "description": "The kind as the page's language says it (จังหวัด, "
                                      "อำเภอ, เขต for Bangkok's districts; Province, District)."},
        "label": {"type": "string", "minLength": 1,
                  "description": "The place as the page's language writes it (จังหวัดน่าน, "
                                 "อำเภอเมืองน่าน; Nan Province)."},
        "code": {"type": "string", "pattern": "^[0-9]{2}([0-9]{2})?$",
                 "description": "DOPA code: 2 digits for a province, 4 for a district."},
        "province": {"type": "string", "pattern": PROVINCE_CODE,
                     "description": "Code of the province it is (in)."},
        "province_name": {"type": "string", "minLength": 1,
                          "description": "That province's name in the page's language."},
        "url": {"type": "string", "format": "uri-reference", "pattern": "^/",
                "description": "What choosing it opens: the province's page, or the search "
                               "narrowed to the district (under /en/ when the API is called "
                               "as /en/api/v1/…)."},
    }, "A province or district whose name starts with the prefix.")


def suggest_response() -> Schema:
    return _object({
        "query": {"type": "string", "maxLength": SUGGEST_PREFIX_CHARS,
                  "description": "The prefix as looked up (normalised, cut to "
                                 f"{SUGGEST_PREFIX_CHARS} characters)."},
        "places": {"type": "array", "maxItems": MAX_PLACES, "items": suggested_place(),
                   "description": "Provinces, then districts, whose Thai or English name "
                                  "starts with the prefix; a province named in full is "
                                  "followed by its districts."},
        "titles": {"type": "array", "maxItems": MAX_SUGGESTIONS,
                   "items": _object(_item_fields(), "A title that contains the prefix, or "
                                    "an item in the province the prefix names.")},
        "terms": {"type": "array", "items": {"type": "string"},
                  "description": "Indexed words that start with the prefix, most frequent "
                                 "first."},
    }, "Autocomplete suggestions.")


def _string_or_null(description: str, **extra: Any) -> Schema:
    return _nullable({"type": "string", **extra}, description)


def _facts() -> Schema:
    """A village's or listing's practical facts (``models.facts``): empty or null, unknown."""
    def codes(values, description: str) -> Schema:
        return {"type": "array", "items": {"type": "string", "enum": list(values)},
                "description": description}

    def known(description: str) -> Schema:
        return _nullable({"type": "boolean"}, description + " Null: not known.")

    return _nullable(_object({
        "best_months": {"type": "array", "description": "Best months to go (1-12).",
                        "items": {"type": "integer", "minimum": 1, "maximum": 12}},
        "getting_there": _string_or_null("How to get there, Thai."),
        "getting_there_en": _string_or_null("How to get there, English."),
        "booking_needed": known("True: book ahead."),
        "languages": codes(LANGUAGES, "Languages spoken (ISO 639-1)."),
        "wheelchair_access": known("Reachable in a wheelchair."),
        "parking": known("Parking on site."),
        "suitable_for": codes(AUDIENCES, "Who it suits."),
    }, "Practical facts; a field empty or null is not known."), "Practical facts; null for "
                                                                  "articles.")


def item_response() -> Schema:
    """One published village, listing or article (``api/items.py``)."""
    fields = _item_fields()
    time = {"pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
    listing_only = "; null for villages and articles."
    fields.update({
        "summary": {"type": "string", "description": "Thai summary."},
        "summary_en": {"type": "string", "description": "English summary; empty when none."},
        "province": _nullable({"type": "string", "pattern": PROVINCE_CODE},
                              "2-digit DOPA province code; null for a national article."),
        "province_name": _string_or_null("Thai province name; null without a province."),
        "kind": _nullable({"type": "string", "enum": [k.value for k in ListingKind]},
                          "Listing kind" + listing_only),
        "category": _string_or_null("A listing's OTOP category code, or an article's "
                                    "category (Thai); null when none."),
        **{name: _string_or_null(description + " How to reach a listing; null when not "
                                 "known, and for villages (they hold no contacts of their own) "
                                 "and articles.")
           for name, description in (
               ("phone", "Telephone."), ("line_id", "LINE ID (`@name`: an official account)."),
               ("email", "E-mail."), ("website", "Web site."), ("facebook", "Facebook page."),
               ("shop_url", "Online shop."))},
        "price_min": _nullable({"type": "integer", "minimum": 0},
                               "Lowest price in baht; null when not known."),
        "price_max": _nullable({"type": "integer", "minimum": 0},
                               "Highest price in baht; null when not known."),
        "open_days": {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)},
                      "description": "Days a listing opens; empty when not known."},
        "opens": _string_or_null("Opening time (HH:MM)" + listing_only, **time),
        "closes": _string_or_null("Closing time (HH:MM)" + listing_only, **time),
        "opening_hours": _string_or_null("Opening hours as written (Thai)" + listing_only),
        "facts": _facts(),
        "lat": _nullable({"type": "number", "minimum": -90, "maximum": 90},
                         "Latitude (WGS 84) of its map point; null for articles."),
        "lon": _nullable({"type": "number", "minimum": -180, "maximum": 180},
                         "Longitude (WGS 84) of its map point; null for articles."),
        "location_approximate": _nullable({"type": "boolean"},
                                          "True when the point is not the item's own place "
                                          "(see `location_basis`); null for articles."),
        "location_basis": _nullable({"type": "string", "enum": [OWN, VILLAGE, TAMBON]},
                                    "`own`: its own point; `village`: a listing without a "
                                    "pin shown at its village's; `tambon`: the centre of its "
                                    "tambon. Null for articles."),
        "checked_on": _string_or_null("The day staff last confirmed it is correct (ISO "
                                      "date); null: never.", format="date"),
        "published_on": _string_or_null("An article's publication date (ISO); null for "
                                         "villages and listings.", format="date"),
        "sources": {"type": "array", "maxItems": MAX_SOURCES, "description": "Where its facts "
                    "come from.", "items": _object({
                        "title": {"type": "string", "minLength": 1},
                        "url": {"type": "string", "format": "uri", "pattern": "^https://"}},
                        "One source.")},
        "photos": {"type": "array", "description": "Photos in display order (WebP, the "
                   "largest size); empty for articles.", "items": _object({
                       "url": {"type": "string", "format": "uri-reference", "pattern": "^/"},
                       "alt": {"type": "string"},
                       "width": {"type": "integer", "minimum": 1},
                       "height": {"type": "integer", "minimum": 1}}, "One photo.")},
        "owner_supplied": _nullable(_object({
            "fields": {"type": "array", "minItems": 1, "uniqueItems": True,
                       "items": {"type": "string", "enum": list(dict.fromkeys(
                           field for names in FIELDS.values() for field in names))},
                       "description": "The fields that hold its owner's values, named as "
                                      "in this object (practical facts: in `facts`; `body` "
                                      "and `highlights`: on the page)."},
            "date": {"type": "string", "format": "date",
                     "description": "The day the latest of them was published."},
            "checked_by_office": {"type": "boolean", "description": "True when the district "
                                  "office checked every one; false when a trusted owner "
                                  "published some at once."},
        }, "Which values the item's owner supplied (published only once approved)."),
            "Null when no value is its owner's."),
    })
    return _object(fields, "One published village, listing or article, as its page shows it.")


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
        "OpenAPIDocument": openapi_document(), "Item": item_response(),
    }
