"""Questions: "นวัตวิถี คืออะไร", "OTOP กี่ดาว", "how to dye indigo", "โฮมสเตย์ ที่ไหน".

A question is recognised before any filter is read from the query, so its words never become
filters or searched words: กี่ in "OTOP กี่ดาว" is "how many", not a loom, and ดาว is still
searched. Two shapes:

- **explain** (คืออะไร, อะไร, อย่างไร, ทำอย่างไร, ยังไง, ทำไม, เมื่อไร, กี่ + a classifier;
  what is/are, how to/do, why, when…): the answer is an explanation, so no kind, category, type
  or place is read out of the other words as a filter (they are searched as words) and articles
  come first;
- **where** (ที่ไหน, ตรงไหน, where, where is, where to buy…): the answer is places and items, so
  the rest of the query is read as usual ("โฮมสเตย์ ที่ไหน": homestays).

A longer phrase of the gazetteer wins over a question word ("where to stay" is a kind of
listing). A query of question words only ("อะไร") is searched as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

EXPLAIN = "explain"
WHERE = "where"

QUESTION_PHRASES = {
    EXPLAIN: (
        "คืออะไร", "อะไร", "หมายถึงอะไร", "แปลว่าอะไร", "อะไรบ้าง", "มีอะไรบ้าง",
        "อย่างไร", "ทำอย่างไร", "ได้อย่างไร", "อย่างไรบ้าง", "ยังไง", "ทำยังไง", "ได้ยังไง",
        "ทำไม", "เพราะอะไร", "เมื่อไร", "เมื่อไหร่", "เมื่อไร่", "มีกี่",
        "what is", "what are", "what's", "whats", "what does", "what do", "what was",
        "how to", "how do", "how does", "how do i", "how can i", "how is", "how are",
        "how many", "how much", "why", "why is", "why are", "why do", "when", "when is",
        "when are", "who", "who are", "meaning of", "explain"),
    WHERE: (
        "ที่ไหน", "ตรงไหน", "แถวไหน", "อยู่ที่ไหน", "อยู่ไหน", "ซื้อที่ไหน", "ไปยังไง",
        "where", "where is", "where are", "where can i find", "where can i buy",
        "where to find", "where to buy", "where do i find"),
}
COUNT_WORD = "กี่"  # "how many" only before a classifier: กี่ดาว, กี่บาท (กี่ alone is a loom)
CLASSIFIERS = frozenset((
    "ดาว", "บาท", "วัน", "คืน", "คน", "ปี", "ชั่วโมง", "นาที", "กิโล", "กิโลเมตร", "ประเภท",
    "ระดับ", "แบบ", "ชนิด", "อย่าง", "ที่", "แห่ง", "ครั้ง", "โมง", "เดือน", "ชิ้น", "ผืน", "หลัง",
    "หมู่บ้าน", "จังหวัด", "ภาค", "ข้อ", "ห่วง", "เงื่อนไข", "ขั้นตอน", "สี", "ลาย"))
MAX_PHRASE = 4  # query words one question phrase may cover


def _keys() -> dict[str, str]:
    from cdd_click.search.understanding import compact_key

    return {compact_key(phrase): shape for shape, phrases in QUESTION_PHRASES.items()
            for phrase in phrases}


_KEYS: dict[str, str] = {}


@dataclass(frozen=True)
class Question:
    """What kind of question a query is, and which of its words (token positions) ask it."""

    shape: str  # EXPLAIN or WHERE
    words: frozenset[int]


def find(tokens, longest_phrase) -> Question | None:
    """The question of a query cut into ``tokens`` ((word, start, end) each), or None.
    ``longest_phrase(i)`` is the end of the gazetteer's longest phrase at token ``i`` (or i),
    which wins over a shorter question phrase."""
    from cdd_click.search.understanding import compact_key

    if not _KEYS:
        _KEYS.update(_keys())
    words = [compact_key(t[0]) for t in tokens]
    asked: set[int] = set()
    shapes: list[str] = []
    i = 0
    while i < len(words):
        if words[i] == COUNT_WORD and i + 1 < len(words) and words[i + 1] in CLASSIFIERS:
            asked.add(i)
            shapes.append(EXPLAIN)
            i += 1
            continue
        for j in range(min(len(words), i + MAX_PHRASE), i, -1):
            shape = _KEYS.get("".join(words[i:j]))
            if shape and longest_phrase(i) <= j:
                asked.update(range(i, j))
                shapes.append(shape)
                i = j
                break
        else:
            i += 1
    if not asked or len(asked) == len(words):
        return None
    return Question(EXPLAIN if EXPLAIN in shapes else WHERE, frozenset(asked))
