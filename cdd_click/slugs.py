"""Slugs (the a–z part of an item's address) made from its title, for the admin and imports.

The English title wins when there is one. Otherwise the Thai title is written in RTGS letters
the way a person writes a Thai name (บ้านแม่กำปอง → ``ban-mae-kampong``): cut into words with
search's shared word list, an English loanword written as the English word (โฮมสเตย์ →
``homestay``, from PyThaiNLP's transliteration dictionary), a province by its official name, a
compound of words written as its words (ผ้าคราม → ``pha-khram``) and every other word read by
``cdd_click.rtgs``. ``tests/test_slugs.py`` holds the table of real names this is checked
against; docs/search.md has the figures.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cdd_click import rtgs

MAX_SLUG = 80
_THAI = re.compile(r"[\u0E00-\u0E7F]")
MAX_PARTS_WORD = 24  # a longer run is not a compound worth taking apart
# Names people write as one word although the word list splits them or holds their halves.
ONE_WORD = frozenset({"กำปอง", "ดำเนิน", "มังคุด"})


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (accents dropped, anything else a separator)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


@lru_cache(maxsize=1)
def _loanwords() -> dict[str, str]:
    """Thai spellings of English words → the English word (PyThaiNLP's dictionary, ~3,900)."""
    from pythainlp.corpus.th_en_translit import TRANSLITERATE_DICT, TRANSLITERATE_EN

    return {th: entry[TRANSLITERATE_EN][0] for th, entry in TRANSLITERATE_DICT.items()
            if entry[TRANSLITERATE_EN]}


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Thai province names → their official English names (Nakhon Ratchasima, Lampang)."""
    from pythainlp.corpus.common import provinces

    return {row["name_th"]: row["name_en"] for row in provinces(details=True)}


@lru_cache(maxsize=1)
def _word_list() -> frozenset[str]:
    from pythainlp.corpus.common import thai_words

    return thai_words()


def _parts(word: str) -> list[str]:
    """``word`` as the fewest words of the word list, each taken apart again, when it is a
    compound of them (เครื่องปั้นดินเผา → เครื่อง ปั้น ดิน เผา). Cuts fall between syllables only
    (แหนม is not แห + นม), and a part that is one short open syllable (ติ of สันติ, กระ) is no
    word of its own."""
    if len(word) > MAX_PARTS_WORD or word in ONE_WORD:
        return [word]
    parts = _compound(word)
    if len(parts) == 1:
        return parts
    return [piece for part in parts for piece in _parts(part)]


def _compound(word: str) -> list[str]:
    known, whole = _word_list(), rtgs.syllables(word)
    cuts = {end for end in range(2, len(word) - 1)
            if rtgs.syllables(word[:end]) + rtgs.syllables(word[end:]) == whole
            and not _bare(word[:end])}
    cuts |= {0, len(word)}
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in sorted(cuts - {0}):
        for start in sorted(cuts):
            if start >= end:
                break
            part, before = word[start:end], best[start]
            if before is None or (start == 0 and end == len(word)) or part not in known:
                continue
            syllables = rtgs.syllables(part)
            if len(syllables) == 1 and syllables[0][1]:
                continue
            if best[end] is None or len(before) + 1 < len(best[end]):
                best[end] = before + [part]
    return best[-1] or [word]


def _bare(text: str) -> bool:
    """Whether ``text`` ends in a consonant read with an unwritten a (the พ of อัมพวา)."""
    last = rtgs.syllables(text)[-1:]
    return bool(last) and last[0][1] and text[-1] in rtgs.CONSONANTS and text[-1] != "ะ"


def _split_by_tone(word: str) -> list[str]:
    """RTGS of ``word``, a new word before each syllable with a tone mark (ม่อฮ่อม → mo hom):
    tone marks are native Thai words, written apart, unless a short syllable leads in (กระต่าย)."""
    out: list[str] = []
    previous_light = True
    for text, light, toned in rtgs.syllables(word):
        if out and toned and not previous_light:
            out.append(text)
        elif out:
            out[-1] += text
        else:
            out.append(text)
        previous_light = light
    return out


@lru_cache(maxsize=50_000)  # names share their words: a sheet of 10,000 titles has a few thousand
def _romanized_word(word: str) -> str:
    """One word of a title in Latin letters, words within it separated by spaces."""
    if not _THAI.search(word):
        return word
    for table in (_loanwords(), _provinces()):
        if word in table:
            return table[word]
    return " ".join(" ".join(_split_by_tone(part)) for part in _parts(word))


def _joined(words: list[str]) -> list[str]:
    """Neighbouring words the word list split but that are one name or one loanword
    (กำ + ปอง, โฮม + สเตย์), and a lone letter the list could not place (ส + ลอง)."""
    out: list[str] = []
    for word in words:
        if out and (out[-1] + word in ONE_WORD or out[-1] + word in _loanwords()
                    or len(out[-1]) == 1 and _THAI.match(out[-1]) and _THAI.match(word)):
            out[-1] += word
        else:
            out.append(word)
    return out


def romanized(thai: str) -> str:
    """Thai text in RTGS letters as a slug, word by word (search's base word list on nlpO3,
    loaded once per process): ``บ้านแม่กำปอง`` -> ``ban-mae-kampong``."""
    from cdd_click.search.thai import base_words

    words = _joined(base_words(thai.replace("ๆ", " ")))
    return slugify(" ".join(_romanized_word(w) for w in words))


def suggest_slug(title: str, title_en: str | None = None) -> str:
    """A slug from the English title when there is one, else from the Thai title romanised."""
    from_english = slugify(title_en or "")
    if len(from_english) >= 3:
        return from_english
    return romanized(title) or slugify(title) or "item"


def unique_slug(base: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3``, … : the first that ``taken(slug)`` says is free."""
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[:MAX_SLUG - len(suffix)].rstrip("-") + suffix
    return candidate
