"""Thai words in Royal Thai General System (RTGS) letters, read syllable by syllable.

RTGS writes sounds, not letters: an initial consonant and a final one are written differently
(``ด`` is *d* before a vowel, *t* after it), vowels are written around the consonant
(``เ-ีย`` is *ia*), and some letters are not read at all (``ห`` and ``อ`` leading a low consonant,
a letter under ``์``). This module reads a Thai word into its syllables by those rules and
writes them in RTGS, without tone or length marks, as people write Thai names in Latin letters:
``เชียงใหม่`` → ``chiangmai``, ``กำปอง`` → ``kampong``.

Words are read one at a time; cutting a title into words is the caller's business (``slugs``).
PyThaiNLP's own ``royin`` engine reads letters one by one and gets vowels written around a
consonant wrong (``โฮมสเตย์`` → ``homtte``), which is why this reader exists.
"""

from __future__ import annotations

import re
from functools import lru_cache

INITIAL = {
    "ก": "k", "ข": "kh", "ฃ": "kh", "ค": "kh", "ฅ": "kh", "ฆ": "kh", "ง": "ng", "จ": "ch",
    "ฉ": "ch", "ช": "ch", "ซ": "s", "ฌ": "ch", "ญ": "y", "ฎ": "d", "ฏ": "t", "ฐ": "th",
    "ฑ": "th", "ฒ": "th", "ณ": "n", "ด": "d", "ต": "t", "ถ": "th", "ท": "th", "ธ": "th",
    "น": "n", "บ": "b", "ป": "p", "ผ": "ph", "ฝ": "f", "พ": "ph", "ฟ": "f", "ภ": "ph",
    "ม": "m", "ย": "y", "ร": "r", "ล": "l", "ว": "w", "ศ": "s", "ษ": "s", "ส": "s",
    "ห": "h", "ฬ": "l", "อ": "", "ฮ": "h",
}
FINAL = {
    **dict.fromkeys("กขคฆ", "k"), "ง": "ng",
    **dict.fromkeys("จชซฌฎฏฐฑฒดตถทธศษส", "t"),
    **dict.fromkeys("ญณนรลฬ", "n"), **dict.fromkeys("บปพฟภ", "p"),
    "ม": "m", "ย": "i", "ว": "o",
}
CONSONANTS = frozenset(INITIAL)
LEADING = frozenset("เแโใไ")
TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b")  # mai ek, tho, tri, chattawa: not written
DEPENDENT = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e30\u0e32\u0e33")
# Two consonants read as one onset: true clusters (กร, ปล, กว ...), and pairs read as their
# second letter (ห and อ leading a low consonant) or as s (ทร, ศร, สร, ซร, จร).
CLUSTER = {
    **{c + r: INITIAL[c] + INITIAL[r] for c in "กขคปพต" for r in "รล" if c + r != "ตล"},
    "ผล": "phl", "บร": "br", "บล": "bl", "ฟร": "fr", "ฟล": "fl", "ดร": "dr",
    "กว": "kw", "ขว": "khw", "คว": "khw",
    **{"ห" + c: INITIAL[c] for c in "งญนมยรลวฬ"}, "อย": "y",
    "ทร": "s", "ศร": "s", "สร": "s", "ซร": "s", "จร": "ch",
}
# Letters not read: a consonant (with ิ or ุ) under ์, and ทร/ตร before it (จันทร์, ศาสตร์).
SILENT_RE = re.compile("(?:[ทตด]ร|[\u0e01-\u0e2e])[\u0e34\u0e38]?\u0e4c")
UPPER_LOWER = {"\u0e34": "i", "\u0e35": "i", "\u0e36": "ue", "\u0e37": "ue", "\u0e38": "u",
               "\u0e39": "u"}
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class _Reader:
    """Reads one word, a syllable at a time (``syllable()``)."""

    def __init__(self, word: str):
        self.text = SILENT_RE.sub("", word)
        self.i = 0
        self.toned = False

    def at(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < len(self.text) else ""

    def skip_tones(self) -> bool:
        toned = False
        while self.at() in TONES:
            self.i, toned, self.toned = self.i + 1, True, True
        return toned

    def onset(self, leading: bool) -> str:
        """The initial consonant or cluster at the cursor (``leading``: a vowel sign came first,
        so a second consonant with nothing after it still belongs to the onset: เพลง)."""
        first, second = self.at(), self.at(1)
        pair = first + second
        if pair in CLUSTER and second:
            after = self.at(2)
            vowel_next = (after in DEPENDENT or after in TONES
                          or after == "อ" and self.at(3) not in DEPENDENT)
            if first in "หอ" and (vowel_next or after in CONSONANTS and after != "อ" or not after):
                self.i += 2
                return CLUSTER[pair]
            if vowel_next or leading and after in CONSONANTS | {""}:
                self.i += 2
                return CLUSTER[pair]
            if (after in CONSONANTS and self.at(3) not in DEPENDENT | TONES
                    and pair[1] in "รลว" and first not in "ทศสซจ"):
                self.i += 2  # กรม: a cluster, unwritten o, a final
                return CLUSTER[pair]
        self.i += 1
        return INITIAL.get(first, "")

    def _begins_syllable(self, k: int) -> bool:
        """Whether the consonant at ``k`` begins a syllable rather than closing one: a vowel sign
        follows it (บอ, but ปาง|อุ๋ง where อ leads the next), it leads a cluster with a vowel
        (ผ้า|คราม), or one letter is left after it (เสื่อ|กก)."""
        nxt, after = self.at(k + 1), self.at(k + 2)
        if nxt in DEPENDENT or nxt in TONES or nxt == "อ" and after not in DEPENDENT:
            return True
        if self.at(k) + nxt in CLUSTER and (after in DEPENDENT or after in TONES):
            return True
        return nxt in CONSONANTS and nxt != "ร" and not after

    def final(self) -> str:
        """The final consonant at the cursor, if the letter there closes this syllable."""
        c = self.at()
        if c not in CONSONANTS or c not in FINAL:
            return ""
        if self._begins_syllable(0):
            return ""
        self.i += 1
        while self.at() == "ร" and self.at(1) not in DEPENDENT | TONES:  # เพชร, สมุทร
            self.i += 1
        return FINAL[c]

    def syllable(self) -> tuple[str, bool, bool]:
        """``(rtgs, light, toned)``: ``light`` is a short open syllable (สะ, กระ, ติ, the unwritten
        a of ถ in ถวาย), ``toned`` one written with a tone mark."""
        lead = self.at() if self.at() in LEADING else ""
        if lead:
            self.i += 1
        if self.at() not in CONSONANTS:
            return "", False, False
        self.toned = False
        onset = self.onset(bool(lead))
        self.skip_tones()
        vowel, light = (self._led(lead) if lead else self._unled())
        self.skip_tones()
        return onset + vowel, light and not self.toned, self.toned

    def _led(self, lead: str) -> tuple[str, bool]:
        """The vowel of a syllable written with a leading vowel (เ แ โ ใ ไ) and its final."""
        at = self.at
        if lead in "ใไ":
            if at() == "ย" and at(1) not in DEPENDENT | TONES:
                self.i += 1  # ไทย
            return "ai", False
        if lead == "เ":
            return self._e_marked() or self._e_plain()
        short = "o" if lead == "โ" else "ae"
        if at() == "ะ":
            self.i += 1
            return short, True
        if lead == "แ" and at() == "็":
            self.i += 1
            self.skip_tones()
        return short + self.final(), False

    def _e_marked(self) -> tuple[str, bool] | None:
        """เ with a vowel sign over the consonant: เ-ีย, เ-ือ, เ-ิ, เ-็."""
        at, mark = self.at, self.at()
        after = self._past_tones(1)
        if mark == "ี" and at(after) == "ย":
            self.i += after + 1
            if at() == "ะ":
                self.i += 1
            return "ia" + self.final(), False
        if mark == "ื" and at(after) == "อ":
            self.i += after + 1
            return "uea" + self.final(), False
        if mark in "ิ็":
            self.i += 1
            self.skip_tones()
            return ("oe" if mark == "ิ" else "e") + self.final(), False
        return None

    def _e_plain(self) -> tuple[str, bool]:
        """เ with letters after the consonant: เ-าะ, เ-า, เ-อ, เ-ย, เ-ะ, or e with a final."""
        at = self.at
        if at() == "า":
            self.i += 1
            if at() == "ะ":
                self.i += 1
                return "o", True
            return "ao", False
        if at() == "อ" and at(1) not in DEPENDENT:
            self.i += 1
            return "oe" + self.final(), False
        if at() == "ย" and at(1) not in DEPENDENT | TONES:
            self.i += 1
            return "oei", False
        if at() == "ะ":
            self.i += 1
            return "e", True
        return "e" + self.final(), False

    def _past_tones(self, k: int) -> int:
        while self.at(k) in TONES:
            k += 1
        return k

    def _unled(self) -> tuple[str, bool]:
        """The vowel of a syllable with no leading vowel: signs over or under the consonant."""
        at, c = self.at, self.at()
        if c == "\u0e31":  # mai han-akat
            self.i += 1
            self.skip_tones()
            if at() == "ว":
                self.i += 1
                if at() == "ะ":
                    self.i += 1
                return "ua" + self.final(), False
            if at() == "ย" and at(1) not in DEPENDENT | TONES:
                self.i += 1
                return "ai", False
            return "a" + self.final(), False
        if c in UPPER_LOWER:
            self.i += 1
            self.skip_tones()
            if c == "\u0e37" and at() == "อ" and at(1) not in DEPENDENT:
                self.i += 1
            closing = self.final()
            return UPPER_LOWER[c] + closing, c in "\u0e34\u0e36\u0e38" and not closing
        if c == "\u0e47":  # ก็
            self.i += 1
            return "o", True
        return self._following()

    def _following(self) -> tuple[str, bool]:
        """A vowel written after the consonant (า ะ ำ อ, -รร-, -ว-), or none at all."""
        at, c = self.at, self.at()
        if c in "าะำ":
            self.i += 1
            if c == "า":
                return "a" + self.final(), False
            return ("a", True) if c == "ะ" else ("am", False)
        if c == "อ" and at(1) not in DEPENDENT:
            self.i += 1
            self.skip_tones()
            return "o" + self.final(), False
        if c == "ร" and at(1) == "ร":  # กรรม, สรร: -รร- is a(n)
            self.i += 2
            closing = self.final()
            return "a" + (closing or "n"), False
        if c == "ว" and at(1) in CONSONANTS and at(2) not in DEPENDENT | TONES and at(1) != "อ":
            self.i += 1  # สวน: -ว- is ua
            return "ua" + self.final(), False
        return self._unwritten()

    def _unwritten(self) -> tuple[str, bool]:
        """No vowel written: o between two consonants (คน, ชล), else a short a (ถ|วาย, ส|กล)."""
        c, nxt = self.at(), self.at(1)
        if nxt == "อ" and self.at(2) not in DEPENDENT:
            return "a", True  # ส|ลอง
        if c in CONSONANTS and c in FINAL and (not nxt or nxt in CONSONANTS | LEADING):
            if not nxt or nxt in LEADING:
                return "o" + self.final(), False
            if self.at(2) in DEPENDENT | TONES or self.at(2) == "อ":
                return "o" + self.final(), False  # ลพ|บุรี
            if nxt in CONSONANTS and not self.at(2):
                return "a", True  # สกล, นคร: sa + kon
            if nxt in FINAL and not self._begins_syllable(1) and self._begins_syllable(2):
                return "a", True  # นคร|ชัย, ขนม|ปัง
            return "o" + self.final(), False
        return "a", True


@lru_cache(maxsize=50_000)  # titles share their words: a sheet of 10,000 has a few thousand
def syllables(word: str) -> tuple[tuple[str, bool, bool], ...]:
    """``(rtgs, light, toned)`` for each syllable of one Thai ``word``; Latin letters and
    digits pass through."""
    reader, out = _Reader(word.translate(THAI_DIGITS)), []
    while reader.i < len(reader.text):
        start = reader.i
        if reader.at() in CONSONANTS or reader.at() in LEADING:
            text, light, toned = reader.syllable()
            if text:
                out.append((text, light, toned))
        if reader.i == start:  # a sign with no consonant, a digit, ๆ: leave it to the caller
            ch = reader.at()
            if ch.isascii() and ch.isalnum():
                out.append((ch, False, False))
            elif ch == "ฤ":
                out.append(("rue", False, False))
            reader.i += 1
    return tuple(out)


def romanize(word: str) -> str:
    """One Thai ``word`` in RTGS letters, its syllables joined: ``สุโขทัย`` → ``sukhothai``."""
    return "".join(syllable[0] for syllable in syllables(word))
