"""Counting matches and facets with NumPy instead of visiting every hit in Python.

Whoosh's ``groupedby`` reads a column value for every matching document in Python, which costs
tens of milliseconds when a common word matches most of 50,000 documents. Here the matches are a
boolean array built from posting lists, and facet counts are one ``bincount`` each. The arrays of
facet codes, dates and coordinates are built once per index segment and joined per searcher.
"""

from __future__ import annotations

import math
import os
import secrets
import threading
import weakref
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher, MultiMatcher
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

FACETS = ("type", "kind", "province", "category", "stars")
SCORED_FIELDS = ("title", "content", "extra", "parts")  # the text fields BM25 ranks by
BM25_B, BM25_K1 = 0.75, 1.2  # Whoosh's BM25F defaults, which ranked before
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
POSTINGS_CACHE = 2_000_000  # postings (16 bytes each) kept per searcher
TERM_CACHE = 256  # posting lists kept as arrays per searcher (50 KB each at 400,000 documents)


class SegmentArrays:
    """Facet codes, update times and coordinates of one segment's documents.

    A segment's documents never change (only their deletion marks do), so these are built once
    per segment and shared by every searcher that reads it: after a publish, only the small new
    segment is read, never the whole index.
    """

    def __init__(self, reader):
        self.size = reader.doc_count_all()
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in FACETS:
            column = _leaf_column(reader, name, "")
            self.values[name] = sorted(set(column))
            position = {value: i for i, value in enumerate(self.values[name])}
            self.codes[name] = np.fromiter((position[v] for v in column), np.int32, self.size)
        self.updated = np.array(_leaf_column(reader, "updated", 0), dtype=np.int64)
        self.lat_e6 = np.array(_leaf_column(reader, "lat_e6", 0), dtype=np.int64)
        self.lon_e6 = np.array(_leaf_column(reader, "lon_e6", 0), dtype=np.int64)
        self.lengths = {name: _field_lengths(reader, name) for name in SCORED_FIELDS}

    def save(self, path: Path) -> None:
        """Write the arrays beside the index (atomically), for other processes to load."""
        arrays = {"updated": self.updated, "lat_e6": self.lat_e6, "lon_e6": self.lon_e6}
        for name in SCORED_FIELDS:
            arrays[f"length_{name}"] = self.lengths[name]
        for name in FACETS:
            arrays[f"values_{name}"] = np.array(self.values[name], dtype=str)
            arrays[f"codes_{name}"] = self.codes[name]
        temporary = path.with_name(f".{path.name}-{secrets.token_hex(4)}")
        with open(temporary, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path, size: int) -> SegmentArrays | None:
        """The arrays saved at ``path``, or None when missing or not of ``size`` documents."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = cls.__new__(cls)
                arrays.size = size
                arrays.updated, arrays.lat_e6, arrays.lon_e6 = (
                    data["updated"], data["lat_e6"], data["lon_e6"])
                arrays.values = {n: [str(v) for v in data[f"values_{n}"]] for n in FACETS}
                arrays.codes = {n: data[f"codes_{n}"] for n in FACETS}
                arrays.lengths = {n: data[f"length_{n}"] for n in SCORED_FIELDS}
        except (OSError, KeyError, ValueError):
            return None
        return arrays if len(arrays.updated) == size else None


SEGMENT_CACHE = 64  # segments kept (an optimised index has one; a busy one a few dozen)
_segments: dict[str, SegmentArrays] = {}  # segment id -> arrays, oldest first
_segments_lock = threading.Lock()


def _saved_path(directory: Path, segid: str) -> Path:
    return directory / f"facets-{segid}.npz"


def segment_arrays(reader, directory: Path | None = None) -> SegmentArrays:
    """The arrays of one segment reader: from this process's cache, else from the file a
    rebuild saved beside the index (``save_arrays``), else read from the segment."""
    key = reader._segid  # random per segment: unique across builds
    with _segments_lock:
        arrays = _segments.pop(key, None)
    if arrays is None and directory is not None:
        arrays = SegmentArrays.load(_saved_path(directory, key), reader.doc_count_all())
    if arrays is None:
        arrays = SegmentArrays(reader)
    with _segments_lock:
        _segments[key] = arrays
        while len(_segments) > SEGMENT_CACHE:
            del _segments[next(iter(_segments))]
    return arrays


def _segment_readers(searcher: Searcher) -> list:
    """The readers of the searcher's segments (an empty index has none: Whoosh gives it one
    ``EmptyReader``, which has no segment and no documents)."""
    return [leaf.reader() for leaf, _offset in searcher.leaf_searchers()
            if hasattr(leaf.reader(), "_segid")]


class DocArrays:
    """Per-document arrays of one searcher: facet codes, update times, coordinates, liveness.

    Joined from the segments' own arrays (``SegmentArrays``): NumPy work proportional to the
    index, but no Python loop over its documents.
    """

    def __init__(self, searcher: Searcher):
        reader = searcher.reader()
        self.size = searcher.doc_count_all()
        leaves = _segment_readers(searcher)
        directory = getattr(searcher, "arrays_dir", None)
        parts = [segment_arrays(leaf, directory) for leaf in leaves]
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in FACETS:
            self.values[name] = sorted(set().union(*(part.values[name] for part in parts)))
            every = np.array(self.values[name], dtype=object)
            self.codes[name] = _join([
                np.searchsorted(every, np.array(part.values[name], dtype=object))
                .astype(np.int32)[part.codes[name]] if part.size else part.codes[name]
                for part in parts], np.int32)
        self.updated = _join([part.updated for part in parts], np.int64)
        self.lat = _join([part.lat_e6 for part in parts], np.int64) / 1e6
        self.lon = _join([part.lon_e6 for part in parts], np.int64) / 1e6
        self.lengths = {name: _join([part.lengths[name] for part in parts], np.float64)
                        for name in SCORED_FIELDS}
        self.live = np.ones(self.size, bool)
        offset = 0
        for leaf, part in zip(leaves, parts, strict=True):
            if leaf.has_deletions():
                deleted = np.fromiter(leaf._perdoc.deleted_docs(), np.int64)
                self.live[deleted + offset] = False
            offset += part.size
        self._reader = reader
        self._terms: dict[tuple[str, str], np.ndarray] = {}  # LRU: oldest first
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}  # LRU
        self._postings_size = 0

    def term(self, field: str, text: str) -> np.ndarray:
        """Documents that contain ``text`` in ``field`` (recently used terms are kept)."""
        key = (field, text)
        mask = self._terms.pop(key, None)
        if mask is None:
            mask = np.zeros(self.size, bool)
            mask[self.postings(field, text)[0]] = True
            mask.setflags(write=False)
        self._terms[key] = mask
        if len(self._terms) > TERM_CACHE:
            self._terms.pop(next(iter(self._terms)))
        return mask

    def bm25(self, field: str, text: str) -> np.ndarray:
        """Every document's BM25F score for ``text`` in ``field`` (0 where absent), exactly as
        Whoosh's ``BM25F`` scorer computes it: idf = 1 + ln(N / (df + 1)), the term's weight
        (frequency times field boost) as tf, the stored one-byte field length."""
        score = np.zeros(self.size, np.float64)
        frequency = self._reader.doc_frequency(field, text)
        if not frequency:
            return score
        ids, tf = self.postings(field, text)
        idf = math.log(self.size / (frequency + 1)) + 1
        average = (self._reader.field_length(field) / (self.size or 1)) or 1
        length = self.lengths[field][ids]
        score[ids] = idf * (tf * (BM25_K1 + 1)) / (
            tf + BM25_K1 * ((1 - BM25_B) + BM25_B * length / average))
        return score

    def weights(self, field: str, text: str) -> np.ndarray:
        """Every document's posting weight for ``text`` in ``field`` (0 where absent)."""
        weight = np.zeros(self.size, np.float64)
        ids, values = self.postings(field, text)
        weight[ids] = values
        return weight

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of ``text`` in ``field`` (recently used ones kept, up
        to ``POSTINGS_CACHE`` postings in all)."""
        key = (field, text)
        found = self._postings.pop(key, None)
        if found is None:
            if self._reader.doc_frequency(field, text):
                found = posting_weights(self._reader.postings(field, text))
            else:
                found = (np.zeros(0, np.int64), np.zeros(0, np.float64))
            self._postings_size += len(found[0])
        self._postings[key] = found
        while self._postings_size > POSTINGS_CACHE and len(self._postings) > 1:
            oldest = next(iter(self._postings))
            self._postings_size -= len(self._postings.pop(oldest)[0])
        return found

    def ranked(self, mask: np.ndarray, score: np.ndarray, start: int, stop: int) -> list[int]:
        """Document numbers of ``mask`` by ``score``, lower document number first among equals
        (Whoosh's order)."""
        docs = np.flatnonzero(mask)
        order = np.lexsort((docs, -score[docs]))
        return [int(d) for d in docs[order[start:stop]]]

    def contains(self, fields: tuple[str, ...], text: str) -> np.ndarray:
        """Documents that contain ``text`` in any of ``fields``."""
        return np.logical_or.reduce([self.term(field, text) for field in fields])

    def counts(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        """Facet value -> number of documents in ``mask``, most frequent first, empty values out."""
        result = {}
        for name in FACETS:
            tally = np.bincount(self.codes[name][mask], minlength=len(self.values[name]))
            pairs = [(self.values[name][i], int(c)) for i in np.flatnonzero(tally)
                     for c in (tally[i],)]
            result[name] = dict(sorted(((v, c) for v, c in pairs if v), key=lambda p: -p[1]))
        return result

    def newest(self, mask: np.ndarray, start: int, stop: int) -> list[int]:
        """Document numbers of ``mask`` from newest to oldest, positions ``start:stop``."""
        docs = np.flatnonzero(mask)
        order = np.argsort(-self.updated[docs], kind="stable")
        return [int(d) for d in docs[order[start:stop]]]

    def distances_km(self, origin: tuple[float, float]) -> np.ndarray:
        """Great-circle distance of every document from ``origin`` (inf where unknown)."""
        lat1, lon1 = map(math.radians, origin)
        lat2, lon2 = np.radians(self.lat), np.radians(self.lon)
        h = (np.sin((lat2 - lat1) / 2) ** 2
             + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
        distance = 12742 * np.arcsin(np.sqrt(h))
        distance[(self.lat == 0) & (self.lon == 0)] = np.inf
        return distance

    def nearest(self, mask: np.ndarray, origin: tuple[float, float], start: int,
                stop: int) -> list[int]:
        """Document numbers of ``mask`` from nearest to farthest, positions ``start:stop``."""
        docs = np.flatnonzero(mask)
        order = np.argsort(self.distances_km(origin)[docs], kind="stable")
        return [int(d) for d in docs[order[start:stop]]]


def _leaf_column(reader, name: str, default) -> list:
    """A column's value for every document of one segment (a segment whose documents all lack
    the field has no column at all)."""
    if reader.has_column(name):
        return list(reader.column_reader(name))
    return [default] * reader.doc_count_all()


def _field_lengths(reader, name: str) -> np.ndarray:
    """Each document's length in field ``name``, as Whoosh stores it (one byte, lossy) and
    scores it (documents without a length count as 1)."""
    perdoc = reader._perdoc
    column = _lenfield(name)
    if not perdoc.has_column(column):
        return np.ones(reader.doc_count_all(), np.float64)
    codes = np.fromiter(perdoc.column_reader(column, LENGTHS_COLUMN), np.uint8,
                        reader.doc_count_all())
    lengths = _LENGTHS[codes]
    lengths[codes == 0] = 1.0
    return lengths


def _join(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype)


def _leaf_weights(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Ids and weights (term frequency times field boost) of a Whoosh 2.7 posting list."""
    ids, weights = [], []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        block = np.cumsum(np.asarray(matcher._data[0], dtype=np.int64))
        raw = matcher._data[1]
        if raw is None:
            raw = np.ones(len(block))
        elif isinstance(raw, float):
            raw = np.full(len(block), raw)
        ids.append(block)
        weights.append(np.asarray(raw, dtype=np.float64))
        matcher._next_block()
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    return np.concatenate(ids), np.concatenate(weights)


def posting_weights(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of a postings matcher.

    Whoosh yields postings one by one in Python (~18 ms for 50,000 ids); its storage is
    delta-coded arrays per block, which NumPy decodes in microseconds. Whoosh is pinned at 2.7.4,
    whose matcher classes are read here; any other matcher is walked through its public API.
    """
    if isinstance(matcher, MultiMatcher):
        parts = [(ids + offset, weights) for m, offset in zip(
            matcher.matchers, matcher.offsets, strict=True) if m.is_active()
            for ids, weights in (posting_weights(m),)]
        if not parts:
            return np.zeros(0, np.int64), np.zeros(0, np.float64)
        return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
    if isinstance(matcher, FilterMatcher):
        ids, weights = posting_weights(matcher.child)
        listed = np.isin(ids, np.fromiter(matcher._ids, np.int64))
        keep = ~listed if matcher._exclude else listed
        return ids[keep], weights[keep]
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        return _leaf_weights(matcher)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, np.int64), np.array(weights, np.float64)


def posting_ids(matcher) -> np.ndarray:
    """Document numbers of a postings matcher (see ``posting_weights``)."""
    return posting_weights(matcher)[0]


def save_arrays(searcher: Searcher, directory: Path) -> None:
    """Read every segment's arrays once and save them in build ``directory``, so that no
    process pays for it in the first search after the swap (about 0.3 s at 50,000 documents)."""
    for reader in _segment_readers(searcher):
        segment_arrays(reader).save(_saved_path(directory, reader._segid))


_cache: weakref.WeakKeyDictionary[Searcher, DocArrays] = weakref.WeakKeyDictionary()


def doc_arrays(searcher: Searcher) -> DocArrays:
    """The arrays of ``searcher``, built on first use."""
    arrays = _cache.get(searcher)
    if arrays is None:
        arrays = _cache[searcher] = DocArrays(searcher)
    return arrays
