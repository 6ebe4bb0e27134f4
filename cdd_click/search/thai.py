"""Thai text for search: normalisation, and segmentation into words and syllables.

Thai is written without spaces between words, so text is cut into words with nlpO3 (a Rust
implementation of PyThaiNLP's newmm, several times faster) using a *custom dictionary*: the
standard Thai word list plus place names, content names and OTOP vocabulary. Each search index
carries its own dictionary file, so the words a document was indexed with and the words a query is
cut into always come from the same list. Syllables come from the same engine with PyThaiNLP's
syllable list and feed the sub-word field: a word inside a dictionary compound is still found.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import nlpo3
from pythainlp.corpus.common import thai_syllables, thai_words
from pythainlp.util import normalize as _thai_normalize

from cdd_click.vocabulary import DOMAIN_WORDS

# A run of Thai script, or a run of Latin letters and digits; everything else separates tokens.
TOKEN_RUN_RE = re.compile(r"[\u0E00-\u0E7F]+|[0-9A-Za-z\u00C0-\u024F]+")
THAI_RE = re.compile(r"[\u0E00-\u0E7F]")
THAI_RUN_RE = re.compile(r"[\u0E00-\u0E7F]+")
MAX_NAME_WORD = 20
_ZERO_WIDTH_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")

_PLACE_PREFIXES = ("บ้าน", "ชุมชน", "หมู่บ้าน")
SYLLABLES = "cdd-syllables"  # nlpO3 name of the syllable list


TONE_MARKS_RE = re.compile("[\u0e47-\u0e4c]")  # mai taikhu, the four tone marks, thanthakhat


def strip_tones(text: str) -> str:
    """``text`` without tone marks, mai taikhu or thanthakhat: how it is typed when they are
    left out (ผ้าไหม → ผาไหม, โฮมสเตย์ → โฮมสเตย)."""
    return TONE_MARKS_RE.sub("", text)


def normalize(text: str) -> str:
    """Canonical Thai: zero-width characters removed, doubled or misordered marks fixed."""
    return _thai_normalize(_ZERO_WIDTH_RE.sub("", text or ""))


def dictionary_words(names: Iterable[str], base: bool = True) -> list[str]:
    """The standard word list plus ``names`` (places, villages, listings) and OTOP vocabulary.

    Each Thai run of a name becomes a word; a run that starts with บ้าน/ชุมชน is added without the
    prefix, so "บ้านแม่กำปอง" segments as บ้าน + แม่กำปอง and both halves can be searched. Runs
    longer than a plausible name are left to the ordinary word list.
    """
    words = set(thai_words()) | set(DOMAIN_WORDS) if base else set()
    for name in names:
        for run in THAI_RUN_RE.findall(normalize(name)):
            for prefix in _PLACE_PREFIXES:
                if run.startswith(prefix) and len(run) > len(prefix) + 1:
                    run = run[len(prefix):]
                    break
            if 1 < len(run) <= MAX_NAME_WORD:
                words.add(run)
    return sorted(words)


@lru_cache(maxsize=8)
def dictionary_word_set(path: Path) -> frozenset[str]:
    """The words of a dictionary file (build directories never change theirs)."""
    return frozenset(path.read_text(encoding="utf-8").split("\n"))


def dictionary_id(words: list[str]) -> str:
    """A short content hash that names a dictionary."""
    return hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]


NAME_SETS = 3  # name sets kept per process: the live build's, the next one's, one spare
BASE = "cdd-base"  # nlpO3 name of the base word list (loaded once per process)
MAX_MERGE = 8  # base words a name may span
_names: dict[str, frozenset[str]] = {}  # dictionary id -> its words beyond the base list
_paths: dict[str, str] = {}  # dictionary id -> its word file (to read it again if evicted)
_by_path: dict[str, str] = {}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _base_words() -> frozenset[str]:
    return frozenset(dictionary_words(()))


@lru_cache(maxsize=1)
def _base_dictionary() -> str:
    """Load the standard word list and OTOP vocabulary into nlpO3 once per process.

    nlpO3 never frees a dictionary (about 50 MB each) and refuses to replace one, so it holds
    only this fixed list. The names of a build (places, villages, listings, producers) are a
    Python set per build, freed with it, applied by joining base words (``_merge_names``).
    """
    with tempfile.TemporaryDirectory(prefix="cdd-words-") as folder:
        path = Path(folder) / "words.txt"
        path.write_text("\n".join(sorted(_base_words())), encoding="utf-8")
        nlpo3.load_dict(str(path), BASE)
    return BASE


def preload() -> None:
    """Load the base word list and the syllable list into nlpO3 now (gunicorn's master calls
    this before forking, so the workers share one copy instead of loading their own)."""
    _base_dictionary()
    _syllable_dictionary()


def register_dictionary(path: Path) -> str:
    """Make the word file at ``path`` (a build's dictionary) usable for segmentation; return
    its id. A build directory's dictionary never changes, so a path seen before is not read
    again."""
    known = _by_path.get(str(path))
    if known:
        return known
    words = path.read_text(encoding="utf-8").split("\n")
    ident = dictionary_id(words)
    with _lock:
        _paths[ident] = str(path)
        _by_path[str(path)] = ident
        if ident not in _names:
            _remember(ident, words)
    return ident


def _remember(ident: str, words: list[str]) -> frozenset[str]:
    """Keep the non-base words of dictionary ``ident``, dropping the oldest set beyond
    ``NAME_SETS`` (the caller holds ``_lock``)."""
    names = frozenset(words) - _base_words()
    _names[ident] = names
    while len(_names) > NAME_SETS:
        del _names[next(iter(_names))]
    return names


def _names_of(ident: str) -> frozenset[str]:
    with _lock:
        names = _names.get(ident)
        if names is None:
            if ident not in _paths:
                raise KeyError(f"dictionary {ident} was never registered in this process")
            words = Path(_paths[ident]).read_text(encoding="utf-8").split("\n")
            names = _remember(ident, words)
        return names


def knows_all(ident: str, words: Iterable[str]) -> bool:
    """True when dictionary ``ident`` holds every one of ``words``."""
    names, base = _names_of(ident), _base_words()
    return all(word in names or word in base for word in words)


def name_sets() -> int:
    """How many build name sets this process holds (never more than ``NAME_SETS``)."""
    return len(_names)


def _merge_names(tokens: tuple[str, ...], names: frozenset[str]) -> tuple[str, ...]:
    """Join runs of consecutive base words that spell a name, longest first."""
    merged, i = [], 0
    while i < len(tokens):
        best, text = i + 1, tokens[i]
        joined = tokens[i]
        for j in range(i + 1, min(len(tokens), i + MAX_MERGE) + 1):
            if j > i + 1:
                joined += tokens[j - 1]
                if len(joined) > MAX_NAME_WORD:
                    break
            if joined in names:
                best, text = j, joined
        merged.append(text)
        i = best
    return tuple(merged)


@lru_cache(maxsize=1)
def _syllable_dictionary() -> str:
    """Register PyThaiNLP's syllable list with nlpO3 once per process.

    nlpO3 loads a dictionary only from a file and keeps it in memory, so the file is a temporary
    one, removed as soon as it is loaded (every process would otherwise leave one behind).
    """
    with tempfile.TemporaryDirectory(prefix="cdd-syllables-") as folder:
        path = Path(folder) / "syllables.txt"
        path.write_text("\n".join(sorted(set(thai_syllables()))), encoding="utf-8")
        nlpo3.load_dict(str(path), SYLLABLES)
    return SYLLABLES


def _runs(text: str) -> Iterator[tuple[str, int]]:
    """(run, start offset) of each Thai or Latin run of ``text``."""
    for match in TOKEN_RUN_RE.finditer(text):
        yield match.group(), match.start()


@lru_cache(maxsize=65536)
def _segment_run(run: str, ident: str) -> tuple[str, ...]:
    """nlpO3's cut of one Thai run with dictionary ``ident`` (or the syllable list); cached,
    as every text is cut for several fields. Keyed by content id, never by slot name."""
    if ident == SYLLABLES:
        return tuple(nlpo3.segment(run, SYLLABLES, safe=True))
    tokens = tuple(nlpo3.segment(run, _base_dictionary(), safe=True))
    return _merge_names(tokens, _names_of(ident))


def _split(run: str, start: int, dict_name: str) -> Iterator[tuple[str, int, int]]:
    """Segment one Thai run; tokens concatenate back to the run."""
    offset = start
    for token in _segment_run(run, dict_name):
        yield token, offset, offset + len(token)
        offset += len(token)


def segment_words(text: str, ident: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) for every word of ``text``, Thai words cut with dictionary ``ident``."""
    for run, start in _runs(text):
        if THAI_RE.match(run):
            yield from _split(run, start, ident)
        else:
            yield run, start, start + len(run)


def base_words(text: str) -> list[str]:
    """The words of ``text`` cut with the base word list alone (no build's names): for callers
    outside search, such as slugs, which would otherwise load a dictionary of their own."""
    words: list[str] = []
    for run, _start in _runs(normalize(text)):
        if THAI_RE.match(run):
            words.extend(nlpo3.segment(run, _base_dictionary(), safe=True))
        else:
            words.append(run)
    return words


def segment_syllables(text: str) -> Iterator[tuple[str, int, int]]:
    """(syllable, start, end) of the Thai runs of ``text``; Latin words pass through whole."""
    name = _syllable_dictionary()
    for run, start in _runs(text):
        if THAI_RE.match(run):
            yield from _split(run, start, name)
        else:
            yield run, start, start + len(run)
