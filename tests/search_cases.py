"""The search table: what people type and what they must find, over the shipped content/.

Each case is (query string, expectation). Expectations:
  ("top", key)           the first result is key ("type:slug")
  ("in", key, n)         key is among the first n results
  ("all_in", text)       every result contains text in its title, snippet or English title
  ("same_top", query, n) the first n results equal those of another query
  ("suggest", text)      "did you mean" proposes text
  ("no_suggestion",)     a correct query gets no suggestion
  ("total", n)           exactly n results (query strings may carry filters after '&')
Shared by tests/test_search.py and bench/analyzer_swap.py.
"""

CASES = [
    # whole words and names
    ("บ้านแม่กำปอง", ("top", "village:ban-mae-kampong")),
    ("แม่กำปอง", ("top", "village:ban-mae-kampong")),
    ("เกาะเกร็ด", ("top", "village:ko-kret")),
    ("บ้านเชียง", ("top", "village:ban-chiang")),
    ("คีรีวง", ("top", "village:ban-khiriwong")),
    ("อัมพวา", ("top", "village:amphawa")),
    ("กาแฟ", ("in", "listing:mae-kampong-coffee", 3)),
    ("น้ำตาลมะพร้าว", ("top", "listing:amphawa-coconut-sugar")),
    ("เศรษฐกิจพอเพียง", ("top", "article:sufficiency-economy")),
    ("นวัตวิถี", ("top", "article:otop-nawatwithi")),
    ("เครื่องปั้นดินเผา", ("in", "listing:ko-kret-pottery", 3)),
    ("โฮมสเตย์", ("in", "listing:mae-kampong-homestay", 10)),
    # words inside running Thai text
    ("หิ่งห้อย", ("top", "listing:amphawa-firefly-boat-trip")),
    ("ป่าชายเลน", ("in", "listing:bang-rong-mangrove-kayak", 2)),
    ("ตาลโตนด", ("in", "listing:tham-rong-palm-sugar", 3)),
    ("ย้อมคราม", ("in", "article:indigo-dyeing", 3)),  # with Don Koi's and Thung Hong's indigo
    ("ไม้แกะสลัก", ("in", "listing:tawai-wood-carving", 5)),  # Ban Luk carves wood too
    ("ชะนี", ("top", "listing:bang-rong-gibbon-rehabilitation-project")),
    ("มอญ", ("in", "village:ko-kret", 5)),  # after Sam Khok, the Mon community of Pathum Thani
    ("ไทลื้อ", ("in", "listing:nong-bua-tai-lue-textiles", 3)),
    ("ผ้าขาวม้า", ("top", "listing:nong-khao-pha-khao-ma")),
    ("ลูกประคบ", ("top", "article:herbal-compress")),
    ("ดินเผา", ("in", "listing:ko-kret-pottery", 3)),
    # words inside dictionary compounds (sub-word recall)
    ("แพรวา", ("in", "listing:phrae-wa-silk-ban-phon", 5)),
    ("ไหม", ("in", "listing:tha-sawang-yok-thong-silk", 5)),
    ("ไหม", ("all_in", "ไหม")),
    ("มัดหมี่", ("top", "article:mudmee-silk-weaving")),
    ("กำปอง", ("in", "village:ban-mae-kampong", 3)),
    ("พัฒนาชุมชน", ("in", "article:what-is-otop", 10)),
    ("ยกทอง", ("in", "listing:tha-sawang-yok-thong-silk", 3)),
    # place names: province, district, subdistrict, region
    ("เชียงใหม่", ("in", "village:ban-mae-kampong", 10)),
    ("กาฬสินธุ์", ("top", "village:ban-phon")),
    ("ภูเก็ต", ("top", "village:ban-bang-rong")),
    ("น่าน", ("in", "village:ban-nong-bua-nan", 3)),
    ("ลานสกา", ("in", "village:ban-khiriwong", 3)),
    ("ภาคเหนือ", ("in", "village:ban-tawai", 10)),
    # English names and cross-script
    ("Mae Kampong", ("top", "village:ban-mae-kampong")),
    ("mae kampong", ("top", "village:ban-mae-kampong")),
    ("ko kret", ("top", "village:ko-kret")),
    ("ban chiang", ("top", "village:ban-chiang")),
    ("chiang mai", ("in", "village:ban-mae-kampong", 10)),
    ("otop", ("in", "article:what-is-otop", 5)),
    ("OTOP", ("same_top", "otop", 5)),
    ("silk", ("in", "listing:phrae-wa-silk-ban-phon", 5)),
    ("homestay", ("in", "listing:mae-kampong-homestay", 10)),
    ("coffee", ("top", "listing:mae-kampong-coffee")),
    ("phuket", ("top", "village:ban-bang-rong")),
    ("museum", ("in", "listing:ban-chiang-national-museum", 3)),
    # spaces are optional
    ("ผ้าไหม แพรวา", ("same_top", "ผ้าไหมแพรวา", 3)),
    ("ผ้าไหมกาฬสินธุ์", ("same_top", "ผ้าไหม กาฬสินธุ์", 3)),
    ("เครื่องปั้นดินเผาเกาะเกร็ด", ("top", "listing:ko-kret-pottery")),
    ("เครื่องปั้นดินเผา เกาะเกร็ด", ("top", "listing:ko-kret-pottery")),
    ("โฮมสเตย์ เกาะยาวน้อย", ("top", "listing:ko-yao-noi-homestay")),
    # typos: one wrong, missing or extra character
    ("แม่กำปอฃ", ("suggest", "แม่กำปอง")),
    ("แม่กำปง", ("suggest", "แม่กำปอง")),
    ("เกาะเกร็ดด", ("in", "village:ko-kret", 5)),  # the extra letter is read past
    ("เชียงใหม", ("suggest", "เชียงใหม่")),
    ("kampung", ("suggest", "kampong")),
    ("pottry", ("suggest", "pottery")),
    ("homestaay", ("suggest", "homestay")),
    ("แม่กำปอง", ("no_suggestion",)),
    # facets and filters
    ("&type=village", ("total", 79)),
    ("&type=article", ("total", 12)),
    ("&kind=otop_product&category=textile", ("total", 20)),
    ("ผ้า&kind=otop_product", ("all_in", "ผ้า")),
    ("&province=50&type=listing", ("total", 8)),
]
