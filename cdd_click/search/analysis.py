"""Whoosh analyzers for Thai and English text.

Whoosh's default tokenizer matches ``\\w+``, which breaks Thai words at vowel and tone marks, and
sees an unspaced Thai phrase as one token. These tokenizers cut Thai with ``thai.py`` instead,
lower-case Latin words, stem English, and report character offsets for highlighting.
"""

from __future__ import annotations

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.lang.porter import stem

from cdd_click.search import thai


class _ThaiTokenizerBase(Tokenizer):
    """Shared token emission: positions and character offsets for highlighting."""

    def _pieces(self, text: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        position = start_pos
        for text, start, end in self._pieces(value):
            if text.isspace():
                continue
            token.text = text
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = position
                position += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class ThaiWordTokenizer(_ThaiTokenizerBase):
    """Thai words from the index's own dictionary; Latin words whole."""

    def __init__(self, dictionary_id: str):
        self.dictionary_id = dictionary_id

    def __eq__(self, other):
        return type(other) is type(self) and other.dictionary_id == self.dictionary_id

    def _pieces(self, text: str):
        return thai.segment_words(text, self.dictionary_id)


class ThaiPartsTokenizer(ThaiWordTokenizer):
    """The parts of each Thai word: every run of its syllables shorter than the whole word.

    "ผ้าไหมมัดหมี่" (one dictionary word) gives ผ้า, ไหม, มัด, หมี่, ผ้าไหม, ไหมมัด, ..., so a
    word inside a compound is found with a single term lookup, never across a word boundary.
    """

    max_syllables = 12  # of a word: longer ones are not names but unsegmentable runs
    max_span = 4  # syllables in one part: longer parts are rarely typed on their own

    def _pieces(self, text: str):
        for word, start, end in thai.segment_words(text, self.dictionary_id):
            if not thai.THAI_RE.match(word):
                continue
            syllables = [s for s, _a, _b in thai.segment_syllables(word)][: self.max_syllables]
            for first in range(len(syllables)):
                last_span = min(len(syllables), first + self.max_span)
                for last in range(first + 1, last_span + 1):
                    if last - first < len(syllables):
                        yield "".join(syllables[first:last]), start, end


def index_term(text: str) -> str:
    """The term a word is indexed under: lower-cased, English words stemmed, Thai unchanged."""
    text = text.lower()
    if text.isascii() and text.isalpha() and len(text) > 3:
        return stem(text)
    return text


class LatinFilter(Filter):
    """Lower-case every token; stem English words (Thai tokens pass through unchanged)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = index_term(token.text)
            yield token


def word_analyzer(dictionary_id: str):
    """Analyzer of the main text fields."""
    return ThaiWordTokenizer(dictionary_id) | LatinFilter()


def parts_analyzer(dictionary_id: str):
    """Analyzer of the sub-word field."""
    return ThaiPartsTokenizer(dictionary_id)
