""""Did you mean": spelling correction from an indexed fuzzy lookup, within a fixed budget.

Whoosh finds words within one edit by scanning the whole term list in Python when an index has
more than one segment (``MultiReader.terms_within``): ~265,000 comparisons for one odd query at
50,000 documents. Instead each index build keeps a *deletion index* beside the Whoosh files
(``spelling.sqlite3``): every indexed word with its document frequency (``words``), and every word
of a correctable length under itself and under each form with one character deleted
(``deletes``). Two words within one edit (insertion, deletion, substitution or transposition)
always share such a key, so the candidates of a word are one indexed SQL lookup of at most
``len(word) + 1`` keys, capped at ``MAX_CANDIDATES`` rows, whatever the index size; whether the
pieces of a query are known words is one more. Frequencies grow with updates and are reset by a
rebuild; a suggestion is checked against the live index before it is offered.

Correction of a whole query also stops at a deadline: a query that would take longer answers
without a suggestion.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from cdd_click.search.thai import strip_tones

log = logging.getLogger(__name__)

SPELLING_FILE = "spelling.sqlite3"
MIN_CORRECTABLE = 4
MAX_CORRECTABLE = 30  # longer chunks are not single misspelt words
MAX_CANDIDATES = 64  # rows read per lookup
MAX_ATTEMPTS = 12  # spans looked up per chunk
MAX_CHUNKS = 6
MAX_UNKNOWN_PIECES = 3  # a typo breaks a word into a few odd pieces; more is not one typo
BUDGET_SECONDS = 0.015  # of one query's whole correction
TONELESS = "~"  # key prefix of words by their form without tone marks

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS words (term TEXT PRIMARY KEY, freq INTEGER NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS deletes (key TEXT NOT NULL, term TEXT NOT NULL, "
    "PRIMARY KEY (key, term)) WITHOUT ROWID",
)
_ADD_WORD = ("INSERT INTO words (term, freq) VALUES (?, ?) "
             "ON CONFLICT (term) DO UPDATE SET freq = freq + excluded.freq")


def correctable(word: str) -> bool:
    """Words worth keeping for correction: a misspelling of them is within the limits."""
    return MIN_CORRECTABLE - 1 <= len(word) <= MAX_CORRECTABLE + 1


def deletion_keys(word: str) -> set[str]:
    """``word`` and every form of it with one character deleted."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or
    transposition of neighbours (optimal-string-alignment distance <= 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    if len(a) == len(b):
        return a[1:] == b[1:] or (len(a) > 1 and a[0] == b[1] and a[1] == b[0] and a[2:] == b[2:])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[1:] == shorter


# -- writing (under the index's writer lock) -------------------------------------------------
def add_words(directory: Path, counts: Iterable[tuple[str, int]]) -> int:
    """Add (word, documents containing it) pairs to the directory's deletion index, in one
    transaction; frequencies of words already there are increased. Returns the pair count."""
    words: dict[str, int] = {}
    for word, frequency in counts:
        words[word] = words.get(word, 0) + frequency
    deletes = {(key, word) for word in words if correctable(word)
               for key in deletion_keys(word)}
    # a Thai word typed without its tone marks, under "~" + that form (ผาขาวมา → ผ้าขาวม้า)
    deletes |= {(TONELESS + strip_tones(word), word) for word in words
                if strip_tones(word) != word}
    deletes = sorted(deletes)
    connection = sqlite3.connect(directory / SPELLING_FILE)
    try:
        with connection:
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.executemany(_ADD_WORD, sorted(words.items()))
            connection.executemany("INSERT OR IGNORE INTO deletes (key, term) VALUES (?, ?)",
                                   deletes)
    finally:
        connection.close()
    return len(words)


# -- reading ---------------------------------------------------------------------------------
class SpellingLookup:
    """Read-only lookups in one directory's deletion index, one connection per thread."""

    def __init__(self, directory: Path):
        self.path = directory / SPELLING_FILE
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection | None:
        connection = getattr(self._local, "connection", None)
        if connection is None and self.path.exists():
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=0.05,
                                         check_same_thread=False)
            self._local.connection = connection
        return connection

    def _rows(self, sql: str, values: list) -> list[tuple]:
        connection = self._connection()
        if connection is None:
            return []
        try:
            return connection.execute(sql, values).fetchall()
        except sqlite3.Error as problem:  # a broken file: no suggestion, never a failed search
            log.warning("spelling lookup failed in %s: %r", self.path, problem)
            return []

    def known(self, words: list[str]) -> set[str]:
        """Those of ``words`` that are indexed words."""
        unique = sorted(set(words))
        marks = ",".join("?" * len(unique))
        return {term for (term,) in self._rows(
            f"SELECT term FROM words WHERE term IN ({marks})", unique)}

    def toneless(self, text: str) -> list[str]:
        """Indexed words that are ``text`` with tone marks put back, most frequent first."""
        rows = self._rows(
            "SELECT d.term, w.freq FROM deletes d JOIN words w ON w.term = d.term "
            "WHERE d.key = ? ORDER BY w.freq DESC LIMIT ?", [TONELESS + text, MAX_CANDIDATES])
        return [term for term, _freq in rows if term != text]

    def toneless_counts(self, text: str) -> list[tuple[str, int]]:
        """(indexed word, documents holding it) of the words that are ``text`` with tone marks
        put back, most frequent first."""
        rows = self._rows(
            "SELECT d.term, w.freq FROM deletes d JOIN words w ON w.term = d.term "
            "WHERE d.key = ? ORDER BY w.freq DESC LIMIT ?", [TONELESS + text, MAX_CANDIDATES])
        return [(term, freq) for term, freq in rows if term != text]

    def frequency(self, word: str) -> int:
        """How many documents hold ``word`` (0 when it is no indexed word)."""
        rows = self._rows("SELECT freq FROM words WHERE term = ?", [word])
        return rows[0][0] if rows else 0

    def candidates(self, word: str) -> list[str]:
        """Indexed words within one edit of ``word`` (not ``word`` itself), most frequent first;
        at most ``MAX_CANDIDATES`` looked at."""
        keys = sorted(deletion_keys(word))
        marks = ",".join("?" * len(keys))
        rows = self._rows(
            "SELECT DISTINCT d.term, w.freq FROM deletes d JOIN words w ON w.term = d.term "
            f"WHERE d.key IN ({marks}) LIMIT ?", [*keys, MAX_CANDIDATES])
        near = [(freq, term) for term, freq in rows if term != word and within_one_edit(term, word)]
        return [term for _freq, term in sorted(near, reverse=True)]


class Corrector:
    """Corrects a query within a deadline. ``split`` cuts a chunk into (word, start, end) as the
    index does; ``indexed`` tells whether the live index still holds a word."""

    def __init__(self, lookup: SpellingLookup, split: Callable[[str], list[tuple[str, int, int]]],
                 indexed: Callable[[str], bool], budget: float = BUDGET_SECONDS):
        self.lookup, self.split, self.indexed = lookup, split, indexed
        self.deadline = time.perf_counter() + budget

    def out_of_time(self) -> bool:
        return time.perf_counter() > self.deadline

    def closest(self, text: str) -> str | None:
        """The most frequent indexed word one edit away from ``text``, if any."""
        text = text.lower()
        if len(text) < MIN_CORRECTABLE or len(text) > MAX_CORRECTABLE:
            return None
        for candidate in self.lookup.candidates(text):
            if self.indexed(candidate):  # not deleted since the deletion index learnt it
                return candidate
        return None

    def _spans(self, pieces: list[tuple[str, int, int]], unknown: set[int]):
        """(start, end) of runs of pieces holding an unknown one, longest first (a Thai typo
        breaks segmentation into odd pieces)."""
        for length in range(len(pieces), 0, -1):
            for first in range(len(pieces) - length + 1):
                start, end = pieces[first][1], pieces[first + length - 1][2]
                if unknown.intersection(range(first, first + length)) \
                        and end - start <= MAX_CORRECTABLE:
                    yield start, end

    def correct_chunk(self, chunk: str) -> str:
        """``chunk`` with its first misspelt word (or run of broken pieces) corrected."""
        if len(chunk) > MAX_CORRECTABLE:
            return chunk
        if strip_tones(chunk) == chunk and not self.lookup.known([chunk.lower()]):
            for word in self.lookup.toneless(chunk):  # tone marks left out, however many
                if self.indexed(word):
                    return word
        pieces = self.split(chunk)
        known = self.lookup.known([w.lower() for w, _s, _e in pieces])
        unknown = {i for i, (w, _s, _e) in enumerate(pieces) if w.lower() not in known}
        if not unknown and len(pieces) > 1 and not self.lookup.known([chunk.lower()]):
            # every piece is a word, but the segmenter had to break the chunk to find them: a
            # word one edit away (a left-out tone mark: ผาไหม → ผ้าไหม) is the likelier meaning
            return self.closest(chunk) or chunk
        if not unknown or len(unknown) > MAX_UNKNOWN_PIECES:
            return chunk  # nothing misspelt, or gibberish rather than a misspelt word
        for attempt, (start, end) in enumerate(self._spans(pieces, unknown)):
            if attempt >= MAX_ATTEMPTS or self.out_of_time():
                return chunk
            fixed = self.closest(chunk[start:end])
            if fixed:
                return chunk[:start] + fixed + chunk[end:]
        return chunk

    def suggest(self, text: str, keep: Iterable[str] = ()) -> str | None:
        """The query with misspelt words replaced by indexed words; None when nothing changed
        or the budget ran out. Chunks that hold a word of ``keep`` stay as typed."""
        chunks = text.split()
        if not chunks or len(chunks) > MAX_CHUNKS:
            return None
        keep = [word for word in keep if word]
        corrected = [chunk if any(word in chunk for word in keep) else self.correct_chunk(chunk)
                     for chunk in chunks]
        if self.out_of_time():
            return None
        return " ".join(corrected) if corrected != chunks else None
