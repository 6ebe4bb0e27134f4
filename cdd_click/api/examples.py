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
    "place": {"summary": "A province: Nan, its districts and its villages", "value": "น่าน"},
}

SEARCH_RESPONSE = {
    "query": "โฮมสเตย์ เชียงใหม่",
    "total": 1,
    "page": 1,
    "pages": 1,
    "results": [
        {"type": "listing", "slug": "mae-kampong-homestay", "title": "โฮมสเตย์บ้านแม่กำปอง",
         "title_en": "Mae Kampong homestay", "url": "/listings/mae-kampong-homestay",
         "snippet": "ที่พักแบบ<mark>โฮมสเตย์</mark>ในบ้านของชาวแม่กำปอง ให้ผู้มาเยือนได้ใช้ชีวิตร่วมกับ"
                    "ครอบครัวในหุบเขา …",
         "kind": "accommodation", "province": "50", "province_name": "เชียงใหม่",
         "distance_km": None},
    ],
    "facets": {"type": {"listing": 1}, "kind": {"accommodation": 1}, "province": {"50": 1},
               "category": {}, "stars": {}},
    "suggestion": None,
    "understood": {
        "type": None, "kind": "accommodation", "category": None, "region": None,
        "province": "50", "district": None, "subdistrict": None,
        "words": "",
        "filters": {"kind": "accommodation", "province": "50"},
        "parts": [
            {"role": "kind", "param": "kind", "value": "accommodation", "text": "โฮมสเตย์",
             "name": "ที่พัก โฮมสเตย์", "name_en": ""},
            {"role": "place", "param": "province", "value": "50", "text": "เชียงใหม่",
             "name": "เชียงใหม่", "name_en": "Chiang Mai"},
        ],
        "near": None, "corrections": [], "all_words": True, "dropped": [], "question": None,
    },
    "next_steps": [],
}

SUGGEST_RESPONSE = {  # the answer for "เชียง", cut short
    "query": "เชียง",
    "places": [
        {"name": "เชียงราย", "name_en": "Chiang Rai", "kind": "province", "kind_label": "จังหวัด",
         "label": "จังหวัดเชียงราย", "code": "57", "province": "57",
         "province_name": "เชียงราย", "url": "/provinces/57"},
        {"name": "เชียงใหม่", "name_en": "Chiang Mai", "kind": "province", "kind_label": "จังหวัด",
         "label": "จังหวัดเชียงใหม่", "code": "50", "province": "50",
         "province_name": "เชียงใหม่", "url": "/provinces/50"},
        {"name": "เชียงของ", "name_en": "Chiang Khong", "kind": "district", "kind_label": "อำเภอ",
         "label": "อำเภอเชียงของ", "code": "5703", "province": "57",
         "province_name": "เชียงราย", "url": "/search?district=5703"},
    ],
    "titles": [
        {"type": "village", "slug": "ban-chiang", "title": "บ้านเชียง", "title_en": "Ban Chiang",
         "url": "/villages/ban-chiang"},
        {"type": "village", "slug": "chiang-khan", "title": "ชุมชนเชียงคาน",
         "title_en": "Chiang Khan", "url": "/villages/chiang-khan"},
    ],
    "terms": ["เชียงใหม่", "เชียงคาน", "เชียงคำ"],
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

ITEM_SLUGS = {
    "listing": {"summary": "A homestay (with `section=listings`)", "value": "mae-kampong-homestay"},
    "village": {"summary": "A village (with `section=villages`)", "value": "ban-mae-kampong"},
}
ITEM_NOT_FOUND = {"error": "not_found", "status": 404,
                  "message": "No published item has this address."}
ITEM_RESPONSE = {  # the shipped content has no owner-supplied values yet: nulls are the truth
    "type": "listing", "slug": "mae-kampong-homestay", "title": "โฮมสเตย์บ้านแม่กำปอง",
    "title_en": "Mae Kampong homestay", "url": "/listings/mae-kampong-homestay",
    "summary": "ที่พักแบบโฮมสเตย์ในบ้านของชาวแม่กำปอง ให้ผู้มาเยือนได้ใช้ชีวิตร่วมกับครอบครัวในหุบเขา "
               "กินอาหารพื้นเมือง และตื่นมาพบอากาศเย็นยามเช้า",
    "summary_en": "Homestays with Mae Kampong families, with local food, cool mountain mornings "
                  "and a glimpse of village life.",
    "province": "50", "province_name": "เชียงใหม่", "kind": "accommodation", "category": None,
    "phone": None, "line_id": None, "email": None, "website": None, "facebook": None,
    "shop_url": None,
    "price_min": None, "price_max": None,
    "open_days": [], "opens": None, "closes": None, "opening_hours": None,
    "facts": {"best_months": [], "getting_there": None, "getting_there_en": None,
              "booking_needed": None, "languages": [], "wheelchair_access": None,
              "parking": None, "suitable_for": []},
    "lat": 18.865, "lon": 99.351, "location_approximate": True, "location_basis": "village",
    "checked_on": None, "published_on": None, "sources": [], "photos": [],
    "owner_supplied": None,
}
