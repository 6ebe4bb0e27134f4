"""Place names typed with a spelling mistake, in either script: "khon kean" → Khon Kaen
(ขอนแก่น), "chaing mai" → Chiang Mai, "nakorn ratchasima" → Nakhon Ratchasima.

The gazetteer (``understanding.Gazetteer``) matches a place only by its exact name or a known
spelling (``PROVINCE_ALIASES``: korat, ubol, phetburi…). Here the provinces, and the districts
whose name no other district shares, are also kept under a *deletion index* built once per
process: English names by their loose romanisation (``understanding.loose``: kh/k, ph/p, r/l…
agree), Thai names as written. A span of query words is then compared with the few names that
share one of its deletion keys (a dictionary lookup, whatever the site's size) by
optimal-string-alignment distance: one edit for a name of 5 to 8 letters, two from 9 (a
province's; one for a district's). A span is
only tried when one of its words is no indexed word, so a correct word never becomes a place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from cdd_click.search.thai import THAI_RE

MIN_LATIN = 5  # loose letters a misspelt English place name needs
MIN_THAI = 5  # characters a misspelt Thai place name needs
LONG = 9  # from this length, two edits
MAX_WORDS = 4  # query words one place name may cover


def allowed_edits(length: int) -> int:
    return 2 if length >= LONG else 1


def deletes(key: str, edits: int) -> set[str]:
    """``key`` and its forms with up to ``edits`` characters deleted."""
    found = {key}
    for count in range(1, edits + 1):
        found |= {"".join(ch for k, ch in enumerate(key) if k not in drop)
                  for drop in combinations(range(len(key)), count)}
    return found


def distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
    neighbours), for short names."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@dataclass(frozen=True)
class Named:
    """A place under one of its names (the key compared), and how a query should write it."""

    key: str
    place: object  # understanding.Place
    written: str


class PlaceSpelling:
    """Deletion indexes of province and district names (English loose keys, Thai names)."""

    def __init__(self, gaz) -> None:
        from cdd_click.search.understanding import PROVINCE_ALIASES, compact_key, loose

        self.index: dict[str, list[Named]] = {}
        for (level, code), place in gaz.places.items():
            if level == "province":
                names = (place.name_en, place.name_th, *PROVINCE_ALIASES.get(code, ()))
            elif level == "district":
                names = tuple(name for name in (place.name_en, place.name_th)
                              if name and gaz.district_count.get(compact_key(name), 0) == 1)
            else:
                continue
            for name in names:
                latin = name.isascii()
                key = loose(name) if latin else compact_key(name)
                written = place.name_en if latin else place.name_th
                if len(key) >= (MIN_LATIN if latin else MIN_THAI):
                    named = Named(("~" if latin else "") + key, place, written)
                    edits = allowed_edits(len(key)) if level == "province" else 1
                    for short in deletes(named.key, edits):
                        self.index.setdefault(short, []).append(named)

    def closest(self, typed: str) -> Named | None:
        """The one place whose name is nearest ``typed`` within the edits allowed; None when
        none is, or when two places are equally near (a province before a district)."""
        from cdd_click.search.understanding import compact_key, loose

        latin = typed.isascii()
        bare = loose(typed) if latin else compact_key(typed)
        if len(bare) < (MIN_LATIN if latin else MIN_THAI):
            return None
        key = ("~" if latin else "") + bare
        edits = allowed_edits(len(bare))
        seen: dict[str, tuple[int, Named]] = {}
        for short in deletes(key, edits):
            for named in self.index.get(short, ()):
                if named.key not in seen:
                    seen[named.key] = (distance(key, named.key), named)
        near = sorted(((d, named.place.level != "province", named.place.code, named)
                       for d, named in seen.values()
                       if d <= min(edits, _edits_for(named))),
                      key=lambda n: n[:3])
        if not near:
            return None
        best = [n for n in near if n[:2] == near[0][:2]]
        places = {(n[3].place.level, n[3].place.code) for n in best}
        return best[0][3] if len(places) == 1 else None


def _edits_for(named: Named) -> int:
    """Edits a name tolerates: by its length for a province, one for a district."""
    if named.place.level != "province":
        return 1
    return allowed_edits(len(named.key.lstrip("~")))


@lru_cache(maxsize=4)
def spelling_of(gaz) -> PlaceSpelling:
    """The place spelling index of a gazetteer (one per process)."""
    return PlaceSpelling(gaz)


@dataclass
class PlaceFix:
    text: str  # the query with the place written as the gazetteer knows it
    typed: str  # the words typed
    place: object

    @property
    def label(self) -> str:
        """"Khon Kaen (ขอนแก่น)": how a suggestion names the place."""
        return f"{self.place.name_en} ({self.place.name_th})" if self.place.name_en \
            else self.place.name_th


def fix(text: str, tokens, gaz, known, taken: list[tuple[int, int]]) -> PlaceFix | None:
    """The first span of ``tokens`` ((word, start, end), outside the ``taken`` character
    ranges of understood parts) that is a misspelt place name, as a rewrite of ``text``.
    ``known(words)`` gives those of ``words`` that are indexed words or known phrases."""
    from cdd_click.search.understanding import compact_key

    spelling = spelling_of(gaz)
    words = [t[0] for t in tokens]
    familiar = known([w.lower() for w in words])
    free = [not any(s < t[2] and t[1] < e for s, e in taken) for t in tokens]
    for i in range(len(tokens)):
        for j in range(min(len(tokens), i + MAX_WORDS), i, -1):
            span = words[i:j]
            latin = [w.isascii() for w in span]
            if not all(free[i:j]) or (any(latin) and not all(latin)):
                continue
            if gaz.phrases.get(compact_key(span[0])) or gaz.phrases.get(compact_key(span[-1])):
                continue  # a filler, marker or kind word is no part of a place name
            joined = compact_key("".join(span))
            if gaz.meanings(joined, all(latin)) or joined in familiar or \
                    known([joined]) or (all(latin) or j - i == 1) and \
                    all(w.lower() in familiar for w in span):
                continue  # a place already, a word, or only words
            named = spelling.closest("".join(span) if not all(latin) else " ".join(span))
            if named is None or named.key.lstrip("~") == joined:
                continue
            start, end = tokens[i][1], tokens[j - 1][2]
            fixed = f"{text[:start]}{named.written}{text[end:]}"
            return PlaceFix(" ".join(fixed.split()), text[start:end], named.place)
    return None


def is_thai(text: str) -> bool:
    return bool(THAI_RE.search(text))
