"""Examples for the OpenAPI document, taken from the shipped content's real answers."""

from __future__ import annotations

from cdd_click.api.errors import DATABASE_UNAVAILABLE, SEARCH_UNAVAILABLE, UNEXPECTED

SEARCH_QUERIES = {
    "thai": {"summary": "Thai words, no spaces needed", "value": "ผ้าไหมแพรวา"},
    "english": {"summary": "English words find Thai content", "value": "chiang mai homestay"},
    "empty": {"summary": "Empty: everything that passes the filters", "value": ""},
}

SUGGEST_PREFIXES = {
    "thai": {"summary": "The start of a Thai word", "value": "แม่กำ"},
    "english": {"summary": "The start of an English word", "value": "silk"},
}

SEARCH_RESPONSE = {
    "query": "ผ้าไหม",
    "total": 2,
    "page": 1,
    "pages": 1,
    "results": [
        {"type": "listing", "slug": "phrae-wa-silk-ban-phon", "title": "ผ้าไหมแพรวาบ้านโพน",
         "title_en": "Phrae Wa silk of Ban Phon", "url": "/listings/phrae-wa-silk-ban-phon",
         "snippet": "<mark>ผ้าไหม</mark>ทอมือของชาวผู้ไทบ้านโพน อำเภอคำม่วง จังหวัดกาฬสินธุ์ …",
         "kind": "otop_product", "province": "46", "province_name": "กาฬสินธุ์"},
        {"type": "article", "slug": "mudmee-silk-weaving",
         "title": "การทอผ้าไหมมัดหมี่: จากตัวไหมสู่ผืนผ้า",
         "title_en": "Mudmee silk weaving: from silkworm to cloth",
         "url": "/articles/mudmee-silk-weaving",
         "snippet": "<mark>ผ้าไหม</mark>มัดหมี่เป็นผ้าที่เกิดลวดลายจากการมัดและย้อมเส้นไหมก่อนนำไปทอ …",
         "kind": None, "province": None, "province_name": None},
    ],
    "facets": {"type": {"listing": 1, "article": 1}, "kind": {"otop_product": 1},
               "province": {"46": 1}, "category": {"textile": 1}, "stars": {}},
    "suggestion": None,
}

SUGGEST_RESPONSE = {
    "query": "แม่กำ",
    "titles": [
        {"type": "village", "slug": "ban-mae-kampong", "title": "บ้านแม่กำปอง",
         "title_en": "Ban Mae Kampong", "url": "/villages/ban-mae-kampong"},
        {"type": "listing", "slug": "mae-kampong-coffee", "title": "กาแฟอาราบิกาบ้านแม่กำปอง",
         "title_en": "Mae Kampong Arabica coffee", "url": "/listings/mae-kampong-coffee"},
    ],
    "terms": ["แม่กำปอง"],
}

READY = {"status": "ready", "checks": {"database": "ok", "search_index": "ok"}}
NOT_READY = {"status": "not ready",
             "checks": {"database": "error: OperationalError", "search_index": "unknown"}}

NOT_FOUND = {"error": "not_found", "status": 404,
             "message": "The requested URL was not found on the server. If you entered the URL "
                        "manually please check your spelling and try again."}
METHOD_NOT_ALLOWED = {"error": "method_not_allowed", "status": 405,
                      "message": "The method is not allowed for the requested URL."}
INTERNAL_ERROR = {"error": "internal_server_error", "status": 500,
                  "message": UNEXPECTED}
UNAVAILABLE = {
    "search": {"summary": "The search index is being rebuilt",
               "value": {"error": "search_unavailable", "status": 503,
                         "message": SEARCH_UNAVAILABLE}},
    "database": {"summary": "The database cannot be reached",
                 "value": {"error": "database_unavailable", "status": 503,
                           "message": DATABASE_UNAVAILABLE}},
}
