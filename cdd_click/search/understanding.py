"""Query understanding: what a query asks for, beyond its words.

People search as they would in Google: "โฮมสเตย์ เชียงใหม่", "otop products from ratchaburi",
"community experience near chiang mai". This module reads such a query into *parts*:

- a place (region, province, district or subdistrict, from geothai's Thai and English names,
  common English spellings such as "korat", and the short forms จ. / อ. / ต.), which becomes a
  filter; or "near X" / "ใกล้ X", which becomes a distance sort from X;
- a kind of listing (โฮมสเตย์ / homestay, โอทอป / OTOP / ของฝาก, ที่เที่ยว / things to see,
  กิจกรรม / workshop), a type of content (หมู่บ้าน / village, บทความ / article) or an OTOP
  category (ผ้า / silk → textile, กาแฟ / coffee → beverage), which become filters;

and the words left over, which are searched as before. A place is matched as a whole name, never
by its parts: "chiang mai" is one place, and "chiang" alone is only a word.

It also undoes the usual ways a query is mistyped before it is searched: Thai digits, Thai typed
with the keyboard in English mode (or English in Thai mode, Kedmanee layout), and romanised Thai
words in loose spellings ("pha mai" → ผ้าไหม). Each rewrite is reported, so the page can say what
was searched instead.

Everything here is a dictionary lookup per query word (the gazetteer is built once per process):
no index access and no loop over documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pythainlp.util import eng_to_thai, thai_to_eng

from cdd_click.geography import PROVINCE_REGION, REGIONS
from cdd_click.models.listing import ListingKind, OtopCategory
from cdd_click.search import questions, thai

MAX_SPAN = 6  # query words one name may cover ("phra nakhon si ayutthaya")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_LATIN_RE = re.compile(r"[a-z]")


@dataclass(frozen=True)
class Place:
    """A region, province, district or subdistrict."""

    level: str  # "region", "province", "district" or "subdistrict"
    code: str  # region code or DOPA code
    province: str  # province code ("" for a region)
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Meaning:
    """What a word or phrase of a query can mean."""

    role: str  # place, kind, category, type, near, near_me, marker, stop
    value: str = ""  # kind/category/type code, marker level
    place: Place | None = None
    keep: bool = False  # a category word more specific than its category: also searched


@dataclass
class Part:
    """One understood part of a query, shown as a removable chip."""

    role: str  # "place", "near", "kind", "category", "type"
    param: str  # the filter it sets: region, province, district, subdistrict, kind, ...
    value: str
    text: str  # the words of the query it was read from
    start: int  # their position in the query text
    end: int
    place: Place | None = None
    keep: bool = False
    marked: bool = False  # written with จ./อ./ต. or "province"/"district"


@dataclass
class Correction:
    """A rewrite of the query: ``applied`` (searched instead) or only suggested."""

    reason: str  # digits, keyboard, romanised, tone_marks, spelling, place
    typed: str
    used: str
    applied: bool = True
    guess: bool = False  # a spelling guess, searched only because the query found nothing
    label: str = ""  # a misspelt place: its names, "Khon Kaen (ขอนแก่น)"


@dataclass
class Understanding:
    """A query read into parts, the words left to search, and rewrites made."""

    text: str  # the query after rewrites
    words_text: str  # the words left to search (understood parts removed)
    parts: list[Part] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    near_me: bool = False
    near_words: tuple[int, int] | None = None  # "near" + words that may name an item
    question: str | None = None  # "explain" or "where" (search/questions.py)
    asked: list[str] = field(default_factory=list)  # the question's words as typed

    def part(self, role: str) -> Part | None:
        return next((p for p in self.parts if p.role == role), None)

    def filters(self) -> dict[str, str]:
        """Filter name → value of the parts that filter (not "near")."""
        return {p.param: p.value for p in self.parts if p.role != "near"}

    def without(self, part: Part) -> str:
        """The query text with ``part``'s words taken out (what removing its chip searches)."""
        return " ".join((self.text[:part.start] + " " + self.text[part.end:]).split())


def loose(text: str) -> str:
    """A romanised spelling reduced to what loose spellings share: "Khiriwong", "kiriwong" and
    "Kiri Wong" all give "kiriwong"; "Phang-nga" and "phangnga" give "pangnga"."""
    key = "".join(ch for ch in text.lower() if "a" <= ch <= "z")
    for old, new in (("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "c"), ("sh", "c"),
                     ("j", "c"), ("oo", "u"), ("ou", "u"), ("ue", "u"), ("eu", "u"),
                     ("ee", "i"), ("y", "i"), ("w", "v"), ("r", "l")):
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def compact_key(text: str) -> str:
    """How phrases are compared: lower case, Thai normalised, no spaces or punctuation."""
    return "".join(thai.TOKEN_RUN_RE.findall(thai.normalize(text).lower()))


strip_tones = thai.strip_tones


# ---------------------------------------------------------------------------------------------
# Vocabulary: kinds, types, categories, markers and filler words, in Thai and English.

KIND_PHRASES = {
    ListingKind.ACCOMMODATION: (
        "โฮมสเตย์", "ที่พัก", "บ้านพัก", "ที่พักโฮมสเตย์", "homestay", "homestays", "home stay",
        "stay", "stays", "accommodation", "lodging", "where to stay", "place to stay",
        "places to stay", "hotel", "hotels", "resort", "resorts", "guesthouse", "guest house",
        "lodge", "โรงแรม", "รีสอร์ท", "รีสอร์ต"),
    ListingKind.OTOP_PRODUCT: (
        "โอทอป", "otop", "สินค้าโอทอป", "ผลิตภัณฑ์โอทอป", "ผลิตภัณฑ์ otop", "สินค้า otop",
        "ของฝาก", "ของที่ระลึก", "ของดี", "souvenir", "souvenirs", "otop product",
        "otop products"),
    ListingKind.ATTRACTION: (
        "ที่เที่ยว", "สถานที่ท่องเที่ยว", "แหล่งท่องเที่ยว", "จุดชมวิว", "sights", "sight",
        "sightseeing", "things to see", "what to see", "attraction", "attractions",
        "places to visit", "place to visit", "places to go"),
    ListingKind.EXPERIENCE: (
        "กิจกรรม", "ประสบการณ์", "เวิร์กช็อป", "เวิร์คช็อป", "workshop", "workshops",
        "things to do", "what to do", "experience", "experiences", "activity", "activities",
        "tour", "tours", "trip", "trips", "ทัวร์"),
    ListingKind.COMMUNITY_PRODUCT: (
        "สินค้าชุมชน", "ผลิตภัณฑ์ชุมชน", "community product", "community products"),
}
TYPE_PHRASES = {
    "village": ("หมู่บ้าน", "หมู่บ้านท่องเที่ยว", "ชุมชนท่องเที่ยว", "village", "villages"),
    "article": ("บทความ", "องค์ความรู้", "article", "articles"),
}
# (phrase, category, keep): a kept word is more specific than its category and is searched too.
CATEGORY_PHRASES = (
    ("อาหาร", OtopCategory.FOOD, False), ("food", OtopCategory.FOOD, False),
    ("ขนม", OtopCategory.FOOD, True), ("snack", OtopCategory.FOOD, True),
    ("snacks", OtopCategory.FOOD, True),
    ("เครื่องดื่ม", OtopCategory.BEVERAGE, False), ("drink", OtopCategory.BEVERAGE, False),
    ("drinks", OtopCategory.BEVERAGE, False), ("beverage", OtopCategory.BEVERAGE, False),
    ("beverages", OtopCategory.BEVERAGE, False), ("กาแฟ", OtopCategory.BEVERAGE, True),
    ("coffee", OtopCategory.BEVERAGE, True), ("tea", OtopCategory.BEVERAGE, True),
    ("ผ้า", OtopCategory.TEXTILE, False), ("textile", OtopCategory.TEXTILE, False),
    ("textiles", OtopCategory.TEXTILE, False), ("fabric", OtopCategory.TEXTILE, False),
    ("fabrics", OtopCategory.TEXTILE, False), ("cloth", OtopCategory.TEXTILE, False),
    ("clothing", OtopCategory.TEXTILE, False), ("เสื้อผ้า", OtopCategory.TEXTILE, False),
    ("ผ้าไหม", OtopCategory.TEXTILE, True), ("silk", OtopCategory.TEXTILE, True),
    ("ผ้าฝ้าย", OtopCategory.TEXTILE, True), ("cotton", OtopCategory.TEXTILE, True),
    ("ผ้าทอ", OtopCategory.TEXTILE, True), ("ผ้าทอมือ", OtopCategory.TEXTILE, True),
    ("หัตถกรรม", OtopCategory.HANDICRAFT, False), ("handicraft", OtopCategory.HANDICRAFT, False),
    ("handicrafts", OtopCategory.HANDICRAFT, False), ("crafts", OtopCategory.HANDICRAFT, False),
    ("ของใช้", OtopCategory.HANDICRAFT, False), ("ของตกแต่ง", OtopCategory.HANDICRAFT, False),
    ("จักสาน", OtopCategory.HANDICRAFT, True), ("เครื่องจักสาน", OtopCategory.HANDICRAFT, True),
    ("basketry", OtopCategory.HANDICRAFT, True),
    ("สมุนไพร", OtopCategory.HERBAL, False), ("herbal", OtopCategory.HERBAL, False),
    ("herbs", OtopCategory.HERBAL, False), ("herb", OtopCategory.HERBAL, False),
)
REGION_PHRASES = {
    "north": ("ภาคเหนือ", "north", "northern", "northern thailand", "the north"),
    "northeast": ("ภาคตะวันออกเฉียงเหนือ", "ภาคอีสาน", "อีสาน", "northeast", "north east",
                  "north-east", "northeastern", "isan", "isaan", "issan", "esan"),
    "central": ("ภาคกลาง", "central", "central thailand"),
    "east": ("ภาคตะวันออก", "east", "eastern", "eastern thailand"),
    "west": ("ภาคตะวันตก", "west", "western", "western thailand"),
    "south": ("ภาคใต้", "south", "southern", "southern thailand", "the south"),
}
MARKERS = {
    "province": ("จ", "จังหวัด", "province", "changwat"),
    "district": ("อ", "อำเภอ", "district", "amphoe", "amphur", "khet", "เขต"),
    "subdistrict": ("ต", "ตำบล", "subdistrict", "tambon", "แขวง"),
}
NEAR_WORDS = ("ใกล้", "ใกล้ๆ", "ใกล้กับ", "แถว", "near", "nearby", "close to", "around")
NEAR_ME = ("ใกล้ฉัน", "ใกล้ตัว", "ใกล้ๆฉัน", "แถวนี้", "near me", "nearby me", "around me")
# Words that only join the parts of a "what + where" query: dropped when something was
# understood, searched as words otherwise.
FILLER = ("ใน", "ที่", "ของ", "จาก", "แนะนำ", "สินค้า", "ผลิตภัณฑ์", "ชุมชน", "ท่องเที่ยว",
          "in", "at", "from", "of", "the", "for", "to", "a", "an", "and", "with", "product",
          "products", "community", "communities", "local", "thailand", "best", "visit")
# Common English spellings of provinces that geothai writes otherwise.
PROVINCE_ALIASES = {
    "10": ("bkk", "krung thep", "krungthep", "กรุงเทพ", "กทม", "bangkok metropolis"),
    "14": ("ayutthaya", "ayuthaya", "ayudhya", "อยุธยา"),
    "16": ("lopburi",), "17": ("singburi",), "18": ("chainat",), "20": ("chonburi",),
    "25": ("prachinburi",), "30": ("korat", "khorat", "โคราช"), "31": ("buriram",),
    "33": ("sisaket", "srisaket"), "34": ("ubon", "อุบล", "ubol"),
    "38": ("buengkan", "bungkan"),
    "39": ("nongbualamphu",), "41": ("udon", "อุดร"), "45": ("roiet",),
    "47": ("sakon",), "72": ("suphanburi", "suphan", "สุพรรณ"), "77": ("prachuap",),
    "80": ("nakhon si thammarat", "nakhonsi", "นครศรี"), "82": ("phangnga", "phang nga"),
    "84": ("surat",), "62": ("kamphaengphet",), "24": ("paet riu",),
    "76": ("phetburi", "petchburi", "phetchburi", "petburi"),
}
# Province names that are everyday Thai words (เลย "at all", ตาก "to dry", แพร่ "to spread",
# กระบี่ "sword"): a place only after จ./จังหวัด/ใน, or when nothing else in the query is a word.
AMBIGUOUS_NAMES = frozenset({"เลย", "ตาก", "แพร่", "กระบี่", "ตรัง", "tak", "nan", "loei"})
MIN_LOCAL_NAME = 3  # characters of a district or subdistrict name matched without a marker


def _vocabulary() -> dict[str, list[Meaning]]:
    groups: list[tuple[tuple[str, ...], Meaning]] = [
        *((phrases, Meaning("kind", str(kind))) for kind, phrases in KIND_PHRASES.items()),
        *((phrases, Meaning("type", type_)) for type_, phrases in TYPE_PHRASES.items()),
        *(((phrase,), Meaning("category", str(category), keep=keep))
          for phrase, category, keep in CATEGORY_PHRASES),
        *((phrases, Meaning("marker", level)) for level, phrases in MARKERS.items()),
        (NEAR_WORDS, Meaning("near")), (NEAR_ME, Meaning("near_me")), (FILLER, Meaning("stop")),
    ]
    table: dict[str, list[Meaning]] = {}
    for phrases, meaning in groups:
        for phrase in phrases:
            table.setdefault(compact_key(phrase), []).append(meaning)
    return table


def _romanised_words() -> dict[str, str]:
    """Loose romanised key → Thai word, for the domain vocabulary ("pha mai" → ผ้าไหม)."""
    from pythainlp.transliterate import romanize

    from cdd_click.vocabulary import DOMAIN_WORDS

    words = set(DOMAIN_WORDS) | {p for p, _c, _k in CATEGORY_PHRASES if thai.THAI_RE.match(p)}
    words |= {p for phrases in KIND_PHRASES.values() for p in phrases if thai.THAI_RE.match(p)}
    found: dict[str, str] = {}
    for word in sorted(words):
        key = loose(romanize(word, engine="royin"))
        if len(key) >= 4:
            found.setdefault(key, word)
    return found


class Gazetteer:
    """Every place name and vocabulary phrase a query may contain, keyed by ``compact_key``
    (and English place names also by ``loose``). Built once per process."""

    def __init__(self) -> None:
        import geothai

        self.phrases = _vocabulary()
        self.loose_places: dict[str, list[Meaning]] = {}
        self.places: dict[tuple[str, str], Place] = {}
        self.romanised = _romanised_words()
        district_names: dict[str, list[Place]] = {}
        sub_names: dict[str, list[Place]] = {}
        for region in REGIONS:
            place = Place("region", region, "", *_region_names(region))
            self.places[("region", region)] = place
            for phrase in REGION_PHRASES[region]:
                self._add(phrase, Meaning("place", place=place))
        for province in geothai.provinces():
            place = Place("province", province.code, province.code, province.name_th,
                          province.name_en)
            self.places[("province", province.code)] = place
            for phrase in (province.name_th, province.name_en, f"จังหวัด{province.name_th}",
                           *PROVINCE_ALIASES.get(province.code, ())):
                self._add(phrase, Meaning("place", place=place), english=phrase.isascii())
            for district in geothai.districts(province.code):
                self._local(district, province.code, "district", "อำเภอ", district_names)
                for sub in geothai.subdistricts(district.code):
                    self._local(sub, province.code, "subdistrict", "ตำบล", sub_names)
        for key, places in (*district_names.items(), *sub_names.items()):
            # one meaning per distinct place level; duplicates make a name ambiguous
            for place in places:
                self.phrases.setdefault(key, []).append(Meaning("place", place=place))
        self.district_count = {k: len({p.code for p in v}) for k, v in district_names.items()}
        self.subdistrict_count = {k: len({p.code for p in v}) for k, v in sub_names.items()}

    def _local(self, area, province: str, level: str, prefix: str,
               names: dict[str, list[Place]]) -> None:
        """Note a district or subdistrict under its names (Thai, English for districts, and
        with อำเภอ/ตำบล written in front)."""
        place = Place(level, area.code, province, area.name_th, area.name_en)
        self.places[(level, area.code)] = place
        written = (area.name_th, f"{prefix}{area.name_th}")
        for name in (*written, area.name_en) if level == "district" else written:
            names.setdefault(compact_key(name), []).append(place)

    def _add(self, phrase: str, meaning: Meaning, english: bool = False) -> None:
        self.phrases.setdefault(compact_key(phrase), []).append(meaning)
        if english:
            self.loose_places.setdefault(loose(phrase), []).append(meaning)

    def meanings(self, key: str, latin: bool) -> list[Meaning]:
        found = self.phrases.get(key)
        if found:
            return found
        if latin and len(key) >= 4:
            return self.loose_places.get(loose(key), [])
        return []

    def place(self, level: str, code: str) -> Place | None:
        return self.places.get((level, code))

    def find_place(self, value: str) -> Place | None:
        """A region or province written by code or name (Thai or English)."""
        value = (value or "").strip()
        if value in REGIONS:
            return self.places[("region", value)]
        if re.fullmatch(r"[0-9]{2}", value):
            return self.places.get(("province", value))
        if re.fullmatch(r"[0-9]{4}", value):
            return self.places.get(("district", value))
        key = compact_key(value)
        for meaning in self.meanings(key, key.isascii()):
            if meaning.place and meaning.place.level in ("region", "province"):
                return meaning.place
        return None


def _region_names(region: str) -> tuple[str, str]:
    names = {"north": ("ภาคเหนือ", "Northern Thailand"),
             "northeast": ("ภาคตะวันออกเฉียงเหนือ", "Northeast (Isan)"),
             "central": ("ภาคกลาง", "Central Thailand"), "east": ("ภาคตะวันออก", "Eastern Thailand"),
             "west": ("ภาคตะวันตก", "Western Thailand"), "south": ("ภาคใต้", "Southern Thailand")}
    return names[region]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's gazetteer (gunicorn's master builds it before forking), with the
    spelling index of its place names (search/places.py)."""
    from cdd_click.search import places

    gaz = Gazetteer()
    places.spelling_of(gaz)
    return gaz


def region_provinces(region: str) -> tuple[str, ...]:
    return tuple(code for code, name in PROVINCE_REGION.items() if name == region)


# ---------------------------------------------------------------------------------------------
# Reading a query.

Token = tuple[str, int, int]  # (word as typed, start, end) in the query text


def _span_key(tokens: list[Token], i: int, j: int) -> tuple[str, bool] | None:
    """The compared key of tokens i..j-1, if they are all of one script; and whether Latin."""
    words = [t[0] for t in tokens[i:j]]
    latin = [w.isascii() for w in words]
    if any(latin) and not all(latin):
        return None
    return compact_key("".join(words)), all(latin)


def _longest(tokens: list[Token], i: int, gaz: Gazetteer) -> tuple[int, list[Meaning]] | None:
    """The longest phrase starting at word ``i``: its end and its meanings."""
    for j in range(min(len(tokens), i + MAX_SPAN), i, -1):
        keyed = _span_key(tokens, i, j)
        meanings = gaz.meanings(*keyed) if keyed else []
        if meanings:
            return j, meanings
    return None


def _is_filler(token: Token, gaz: Gazetteer) -> bool:
    return any(m.role == "stop" for m in gaz.phrases.get(compact_key(token[0]), ()))


def read(text: str, tokens: list[Token], gaz: Gazetteer) -> Understanding:
    """Read the parts of ``text`` (already rewritten) from its ``tokens``.

    Longest phrase first at each word; a marker (จ. อ. ต., "province") says which level the
    next name is; "near"/"ใกล้" makes the next place a distance sort instead of a filter.
    """
    i, marker, near, near_from = 0, None, False, None
    pending: list[tuple[int, int, Meaning, str | None, bool]] = []
    question = questions.find(tokens, lambda k: (_longest(tokens, k, gaz) or (k, None))[0])
    while i < len(tokens):
        if (asked := _asked(tokens, i, gaz, question)) is not None:
            pending.append(asked)
            i = asked[1]
            continue
        match = _longest(tokens, i, gaz)
        if match is None:
            marker, i = None, i + 1
            continue
        j, meanings = match
        if j - i > 1 and _is_filler(tokens[i], gaz):
            later = _longest(tokens, i + 1, gaz)
            if later and later[0] > j:  # "in buri ram": Buri Ram, not the district In Buri
                pending.append((i, i + 1, Meaning("stop"), None, False))
                i += 1
                continue
        roles = {m.role for m in meanings}
        if ("marker" in roles and marker is None and j < len(tokens)) or \
                ("near" in roles and not near):
            if "near" in roles:
                near, near_from = True, j
            else:
                marker = next(m.value for m in meanings if m.role == "marker")
            pending.append((i, j, Meaning("stop"), None, False))
            i = j
            continue
        pending.append((i, j, _choose(meanings, marker, tokens, i, j, gaz), marker, near))
        if any(m.place for m in meanings):
            near = False
        marker, i = None, j
    found = [(i, j, m, level) for i, j, m, level, _near in pending]
    understanding = _assemble(text, tokens, found, [p[4] for p in pending])
    _note_question(understanding, question, tokens)
    if near and near_from is not None and understanding.part("near") is None:
        understanding.near_words = _near_words(tokens, found, near_from)
    return understanding


def _note_question(understanding: Understanding, question: questions.Question | None,
                   tokens: list[Token]) -> None:
    if question is not None:
        understanding.question = question.shape
        understanding.asked = [tokens[k][0] for k in sorted(question.words)]


def _asked(tokens: list[Token], i: int, gaz: Gazetteer, question: questions.Question | None):
    """What word ``i`` is in a question (``questions.find``): a question word, or, when an
    explanation is asked for, a word or filler and never a filter; None otherwise."""
    if question is None:
        return None
    if i in question.words:
        return i, i + 1, Meaning("question"), None, False
    if question.shape != questions.EXPLAIN:
        return None
    j, meanings = _longest(tokens, i, gaz) or (i + 1, [])
    stop = j == i + 1 and any(m.role == "stop" for m in meanings)
    return i, j, Meaning("stop" if stop else "word"), None, False


def _near_words(tokens: list[Token], found, near_from: int) -> tuple[int, int] | None:
    """"near" + something that is not a place: the words that may name an item
    ("ใกล้ แม่กำปอง")."""
    covered = {k for fi, fj, m, _l in found if m.role != "word" for k in range(fi, fj)}
    free = [t for k, t in enumerate(tokens) if k >= near_from and k not in covered]
    return (free[0][1], free[-1][2]) if free else None


def _alone(found, tokens: list[Token], i: int, j: int) -> bool:
    """True when every other word of the query was understood (no free word beside it)."""
    covered = set(range(i, j))
    for fi, fj, meaning, _level in found:
        if meaning.role != "word":
            covered.update(range(fi, fj))
    return len(covered) == len(tokens)


def _choose(meanings: list[Meaning], marker: str | None, tokens: list[Token], i: int, j: int,
            gaz: Gazetteer) -> Meaning:
    """The likeliest meaning of a phrase: the level its marker names; else a region, a
    province, a kind/type/category, then a district or subdistrict (``_local_place``)."""
    places = [m for m in meanings if m.place]
    ranked = [m for m in places if m.place.level == marker] if marker else []
    ranked += [m for level in ("region", "province") for m in places if m.place.level == level]
    ranked += [m for role in ("near_me", "kind", "type", "category", "stop")
               for m in meanings if m.role == role]
    return ranked[0] if ranked else _local_place(places, _span_key(tokens, i, j)[0], j - i, gaz)


# One-word English district names that are everyday English words
ENGLISH_WORDS = frozenset({"song", "long", "wang", "chom", "yang", "phan", "sena", "tha",
                           "khong", "kong", "sak", "rong", "mai", "nan", "pong", "bang"})


def _local_place(places: list[Meaning], key: str, words: int, gaz: Gazetteer) -> Meaning:
    """A district whose name no other district shares, or a subdistrict whose Thai name is
    unique and long enough to be a name rather than a syllable; else a plain word."""
    latin = key.isascii()
    if len(key) < MIN_LOCAL_NAME or (latin and words < 2 and key in ENGLISH_WORDS):
        return Meaning("word")
    for m in places:
        if m.place.level == "district" and gaz.district_count.get(key, 0) == 1:
            return m
    for m in places:
        if m.place.level == "subdistrict" and gaz.subdistrict_count.get(key, 0) == 1 \
                and not latin and len(key) >= 4 and key not in gaz.district_count:
            return m
    return Meaning("word")


def _assemble(text: str, tokens: list[Token], found, nears) -> Understanding:
    """Parts from the phrases read: one place (filter or "near"), one kind, one type, one
    category; filler words dropped when anything was understood."""
    parts: list[Part] = []
    taken: set[int] = set()
    stops: set[int] = set()
    near_me = False
    for (i, j, meaning, level), is_near in zip(found, nears, strict=True):
        if meaning.role == "question":  # never a filter, never a searched word
            taken.update(range(i, j))
            stops.update(range(i, j))
            continue
        if meaning.role in ("stop", "near_me"):
            (stops if meaning.role == "stop" else taken).update(range(i, j))
            near_me = near_me or meaning.role == "near_me"
            continue
        part = _part(text, tokens, found, i, j, meaning, level, is_near, parts)
        if part is not None:
            parts.append(part)
            taken.update(range(i, j))
    asked = any(m.role == "question" for _i, _j, m, _l in found)
    if parts or near_me or asked:
        taken |= stops
    left = [t for k, t in enumerate(tokens) if k not in taken]
    left += [(p.text, p.start, p.end) for p in parts if p.keep]
    left.sort(key=lambda t: t[1])
    return Understanding(text=text, words_text=" ".join(text[s:e] for _w, s, e in left),
                         parts=parts, near_me=near_me)


def _part(text: str, tokens: list[Token], found, i: int, j: int, meaning: Meaning,
          level: str | None, is_near: bool, parts: list[Part]) -> Part | None:
    """The part a phrase makes, or None when it stays a word (a second place, a second kind,
    an everyday word that is also a province name)."""
    start, end = tokens[i][1], tokens[j - 1][2]
    words = text[start:end]
    roles = {p.role for p in parts}
    if meaning.role == "word":
        return None
    if meaning.role != "place":
        if meaning.role in roles or (meaning.role == "category" and "type" in roles):
            return None
        return Part(meaning.role, meaning.role, meaning.value, words, start, end,
                    keep=meaning.keep)
    role = "near" if is_near else "place"
    if roles & {"near", "place"}:
        return None  # one place: a second one stays a word
    if role == "place" and level is None and compact_key(words) in AMBIGUOUS_NAMES \
            and not _alone(found, tokens, i, j):
        return None
    place = meaning.place
    return Part(role, place.level if role == "place" else "near", place.code, words, start,
                end, place=place, marked=level is not None)




# ---------------------------------------------------------------------------------------------
# Rewrites: digits, keyboard layout, romanised vocabulary.

def thai_digits(text: str) -> str:
    return text.translate(THAI_DIGITS)


def keyboard_fix(typed: str, known) -> str | None:
    """The query as meant when it was typed with the wrong keyboard layout (Kedmanee / US), or
    None. ``known(words)`` returns those of ``words`` that are indexed words or known phrases.

    Only a query none of whose words are known, and whose converted words all are, is taken.
    """
    text = " ".join(typed.split())
    if not text:
        return None
    if not thai.THAI_RE.search(text) and _LATIN_RE.search(text.lower()):
        words = [w for w in re.split(r"\s+", text.lower()) if w]
        plain = [p for p in (re.sub(r"[^a-z]", "", w) for w in words) if p]
        if known(plain):  # one lookup for every word
            return None
        converted = eng_to_thai(text)
        return converted if thai.THAI_RE.search(converted) else None
    if thai.THAI_RE.search(text) and not _LATIN_RE.search(text.lower()):
        converted = thai_to_eng(text).lower()
        words = [w for w in re.split(r"[^a-z]+", converted) if w]
        if words and all(len(w) > 1 for w in words) and len(known(words)) == len(set(words)):
            return " ".join(words)
    return None


def romanised_fix(tokens: list[Token], text: str, gaz: Gazetteer) -> str | None:
    """``text`` with runs of romanised words that spell a domain word in Thai ("pha mai",
    "phamai") replaced by the Thai word, or None."""
    out, last, changed = [], 0, False
    i = 0
    while i < len(tokens):
        hit = None
        for j in range(min(len(tokens), i + 4), i, -1):
            words = [t[0] for t in tokens[i:j]]
            if not all(w.isascii() and w.isalpha() for w in words):
                continue
            key = loose("".join(words))
            if len(key) >= 4 and key in gaz.romanised and not gaz.meanings(
                    compact_key("".join(words)), True):
                hit = (j, gaz.romanised[key])
                break
        if hit:
            j, word = hit
            out.append(text[last:tokens[i][1]] + word)
            last, changed, i = tokens[j - 1][2], True, j
        else:
            i += 1
    if not changed:
        return None
    return " ".join((("".join(out)) + text[last:]).split())


def part_label(part: Part):
    """The label of a kind, category or type part in the page's language (a lazy label); a
    place's name is ``part.place``'s."""
    from cdd_click.vocabulary import CATEGORY_LABELS, KIND_LABELS, REGION_LABELS, TYPE_LABELS

    labels = {"kind": KIND_LABELS, "category": CATEGORY_LABELS, "type": TYPE_LABELS,
              "region": REGION_LABELS}.get(part.param, {})
    return labels.get(part.value, part.text)
