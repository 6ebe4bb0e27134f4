"""One machine's Whoosh index: versioned builds, an atomic swap, timed writers and recovery.

Layout of ``SEARCH_INDEX_DIR``::

    current -> ix-20261125-101500-a1b2c3     (symlink, replaced atomically by a rebuild)
    ix-20261125-101500-a1b2c3/               (Whoosh files + dictionary.txt, the segmenter's words)

A rebuild writes a complete new directory beside the live one and then swaps the symlink, so a
searcher never sees a half-built index. Searchers notice a swap or a commit on their next query and
reopen. Whoosh allows one writer per index: writers wait up to ``timeout`` seconds for the lock
and then raise ``LockError`` rather than block forever.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import whoosh.index
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.searching import Searcher

from cdd_click.search import thai
from cdd_click.search.analysis import parts_analyzer, word_analyzer

CURRENT = "current"
DICTIONARY_FILE = "dictionary.txt"
APPLIED_FILE = "applied"  # id of the last outbox change this index contains
KEEP_BUILDS = 2


class IndexUnavailable(Exception):
    """The live index is missing or cannot be opened."""


def build_schema(dictionary_id: str) -> Schema:
    """Fields of a search document; the analyzers carry the index's dictionary id."""
    words = word_analyzer(dictionary_id)
    return Schema(
        key=ID(unique=True, stored=True),
        type=ID(stored=True, sortable=True),
        slug=ID(stored=True),
        kind=ID(stored=True, sortable=True),
        category=ID(stored=True, sortable=True),
        stars=ID(stored=True, sortable=True),
        province=ID(stored=True, sortable=True),
        province_name=STORED,
        province_name_en=STORED,
        category_name=STORED,
        title=TEXT(analyzer=words, field_boost=4.0),
        title_th=STORED,
        title_en=STORED,
        summary=STORED,
        content=TEXT(analyzer=words, stored=True),
        extra=TEXT(analyzer=words, field_boost=1.5),
        parts=TEXT(analyzer=parts_analyzer(dictionary_id), phrase=False, field_boost=0.3),
        spell=TEXT(analyzer=RegexTokenizer(r"[A-Za-z]+") | LowercaseFilter(), phrase=False),
        complete=KEYWORD(commas=True, scorable=False),
        name=KEYWORD(commas=True, scorable=False),
        updated=NUMERIC(bits=64, stored=True, sortable=True),
        lat=STORED,
        lon=STORED,
        # microdegrees as integer columns (Whoosh 2.7.4 cannot give float columns a default)
        lat_e6=NUMERIC(int, bits=64, sortable=True),
        lon_e6=NUMERIC(int, bits=64, sortable=True),
    )


def spell_text(doc: dict) -> str:
    """What the spelling field of ``doc`` holds: its English words as written (unstemmed).

    Thai words are looked up in the text fields themselves, where they are stored unchanged.
    """
    return f"{doc['title']}\n{doc.get('extra', '')}\n{doc.get('content', '')}"


class SearchIndex:
    """The index directory of this machine, shared by every worker process on it."""

    def __init__(self, root: Path | str, writer_timeout: float = 10.0):
        self.root = Path(root)
        self.writer_timeout = writer_timeout
        self._lock = threading.RLock()
        self._exclusive = threading.RLock()
        self._exclusive_depth = 0
        self._index: whoosh.index.Index | None = None
        self._index_dir: Path | None = None
        self._searcher: Searcher | None = None

    # -- reading -----------------------------------------------------------------------------
    def live_dir(self) -> Path | None:
        """The directory the ``current`` symlink points at, if any."""
        try:
            return self.root / os.readlink(self.root / CURRENT)
        except (FileNotFoundError, OSError):
            return None

    def _open(self) -> whoosh.index.Index:
        directory = self.live_dir()
        if directory is None:
            raise IndexUnavailable(f"no index at {self.root}")
        if self._index is not None and directory == self._index_dir:
            return self._index
        try:
            thai.register_dictionary(directory / DICTIONARY_FILE)
            index = whoosh.index.open_dir(str(directory))
            index.doc_count()  # reads the table of contents: fails now if it is corrupt
        except Exception as exc:  # missing files, bad pickles, truncated TOC...
            raise IndexUnavailable(f"cannot open {directory}: {exc!r}") from exc
        self._close_searcher()
        self._index, self._index_dir = index, directory
        return index

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher on the newest committed state of the live index."""
        with self._lock:
            index = self._open()
            try:
                if self._searcher is None:
                    self._searcher = index.searcher()
                else:
                    self._searcher = self._searcher.refresh()
            except Exception as exc:
                self._close_searcher()
                self._index = None
                raise IndexUnavailable(f"cannot read {self._index_dir}: {exc!r}") from exc
            yield self._searcher

    def dictionary_id(self) -> str | None:
        """The id of the live index's segmentation dictionary."""
        directory = self.live_dir()
        if directory is None or not (directory / DICTIONARY_FILE).exists():
            return None
        return thai.register_dictionary(directory / DICTIONARY_FILE)

    def applied(self) -> int:
        """The last outbox change the live index contains (0: none recorded)."""
        directory = self.live_dir()
        try:
            return int((directory / APPLIED_FILE).read_text()) if directory else 0
        except (FileNotFoundError, ValueError):
            return 0

    def _set_applied(self, directory: Path, change_id: int) -> None:
        temporary = directory / f".{APPLIED_FILE}-{secrets.token_hex(4)}"
        temporary.write_text(str(change_id))
        os.replace(temporary, directory / APPLIED_FILE)

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """One writer per index directory, across every process of the machine.

        flock() is released by the kernel when a process dies (even by kill -9), so a crashed
        writer never leaves the index locked. Re-entrant within a process.
        """
        with self._exclusive:
            if self._exclusive_depth:
                self._exclusive_depth += 1
                try:
                    yield
                finally:
                    self._exclusive_depth -= 1
                return
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.root / ".write.lock", "w") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._exclusive_depth = 1
                try:
                    yield
                finally:
                    self._exclusive_depth = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def build(self, documents: Iterable[dict], words: list[str], procs: int = 1,
              applied: int = 0) -> int:
        """Write a complete new index beside the live one, then swap it in; return its size.

        ``applied`` is the outbox position the documents reflect (read before reading them).
        """
        with self.exclusive():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            directory = self.root / f"ix-{stamp}-{secrets.token_hex(3)}"
            directory.mkdir()
            (directory / DICTIONARY_FILE).write_text("\n".join(words), encoding="utf-8")
            ident = thai.register_dictionary(directory / DICTIONARY_FILE)
            index = whoosh.index.create_in(str(directory), build_schema(ident))
            options = {"procs": procs, "multisegment": True} if procs > 1 else {}
            writer = index.writer(limitmb=1024, **options)
            count = 0
            try:
                for doc in documents:
                    writer.add_document(spell=spell_text(doc), **doc)
                    count += 1
                writer.commit()
            except BaseException:
                writer.cancel()
                shutil.rmtree(directory, ignore_errors=True)
                raise
            self._set_applied(directory, applied)
            self._swap(directory)
        return count

    def _swap(self, directory: Path) -> None:
        temporary = self.root / f".{CURRENT}-{secrets.token_hex(4)}"
        os.symlink(directory.name, temporary)
        os.replace(temporary, self.root / CURRENT)
        builds = sorted(self.root.glob("ix-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in builds[KEEP_BUILDS:]:
            shutil.rmtree(old, ignore_errors=True)

    def update(self, documents: Iterable[dict], delete_keys: Iterable[str] = (),
               applied: int | None = None) -> None:
        """Replace or add ``documents`` and delete ``delete_keys`` in the live index; then record
        ``applied`` (only after Whoosh committed: a crash before that replays the changes)."""
        with self._lock, self.exclusive():
            index = self._open()
            writer = index.writer(timeout=self.writer_timeout)
            try:
                for key in delete_keys:
                    writer.delete_by_term("key", key)
                for doc in documents:
                    writer.update_document(spell=spell_text(doc), **doc)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            if applied is not None:
                self._set_applied(self._index_dir, applied)
