"""One machine's Whoosh index: versioned builds, an atomic swap, timed writers and recovery.

Layout of ``SEARCH_INDEX_DIR``::

    current -> ix-20261125-101500-a1b2c3     (symlink, replaced atomically by a rebuild)
    ix-20261125-101500-a1b2c3/               (Whoosh files + dictionary.txt, the segmenter's words)

A rebuild writes a complete new directory beside the live one and then swaps the symlink, so a
searcher never sees a half-built index. Searchers notice a swap or a commit on their next query and
reopen. One writer at a time per machine (an flock): writers wait up to ``timeout`` seconds and
then raise ``IndexBusy`` rather than block forever.

Files are read, not memory-mapped (a truncated file cannot kill a worker with SIGBUS). A build that
fails to read or write is marked ``broken``; every worker then stops using it until a rebuild
swaps in a new directory. ``spelling.sqlite3`` beside the Whoosh files is the deletion index of
"did you mean" (``spelling.py``).
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
from dataclasses import dataclass
from pathlib import Path

import whoosh.index
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher
from whoosh.writing import NO_MERGE

from cdd_click.search import facets, spelling, thai
from cdd_click.search.analysis import parts_analyzer, word_analyzer

CURRENT = "current"
DICTIONARY_FILE = "dictionary.txt"
APPLIED_FILE = "applied"  # the build's Mark: last outbox change it contains, its time, database


BROKEN_FILE = "broken"  # in a build directory: why it failed; its replacement has none
STALE_FILE = "dictionary-stale"  # in a build directory: items use words its dictionary lacks
LOCK_POLL = 0.02


class IndexUnavailable(Exception):
    """The live index is missing or cannot be opened."""


class IndexBusy(Exception):
    """Another writer held the index longer than the caller would wait."""


@dataclass(frozen=True)
class Mark:
    """How far a build has read the outbox of the database it was built from.

    ``applied``: the last outbox row it contains; ``stamp``: that row's ``created_at`` as the
    database holds it (a restored database hands the same id out again, never at the same
    time); ``database``: the database's identity. Empty ``stamp`` and ``database``: a build
    made without them (before identities, or by a benchmark from an id alone); the next
    catch-up records them.
    """

    applied: int = 0
    stamp: str = ""
    database: str = ""

    def text(self) -> str:
        """The ``applied`` file: the id on the first line (what older code reads), then the
        stamp and the identity."""
        return f"{self.applied}\n{self.stamp}\n{self.database}\n"

    @classmethod
    def parse(cls, text: str) -> Mark:
        lines = text.split("\n")
        return cls(int(lines[0]), *(line.strip() for line in lines[1:3]))


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


SPELLING_SOURCES = ("title", "extra", "content")  # Thai words; English ones come from ``spell``


def spell_text(doc: dict) -> str:
    """What the spelling field of ``doc`` holds: its English words as written (unstemmed).

    Thai words are looked up in the text fields themselves, where they are stored unchanged.
    """
    return f"{doc['title']}\n{doc.get('extra', '')}\n{doc.get('content', '')}"


def lexicon_words(index: whoosh.index.Index) -> Iterator[tuple[str, int]]:
    """(word, document frequency) of every word a query may be corrected to: Thai words of the
    text fields, English words of the spelling field."""
    with index.reader() as reader:
        # Segment by segment: merging the term lists of several segments costs ~7x more.
        for leaf, _offset in reader.leaf_readers():
            for name in (*SPELLING_SOURCES, "spell"):
                field = index.schema[name]
                for raw, info in leaf.iter_field(name):
                    word = field.from_bytes(raw)
                    if name == "spell" or not word.isascii():
                        yield word, info.doc_frequency()


def document_words(schema: Schema, docs: Iterable[dict]) -> Iterator[tuple[str, int]]:
    """The same pairs for documents about to be added (each counts once per document)."""
    words, spell = schema["content"].analyzer, schema["spell"].analyzer
    for doc in docs:
        text = spell_text(doc)
        found = {t.text for t in words(text) if not t.text.isascii()}
        found |= {t.text for t in spell(text)}
        yield from ((word, 1) for word in found)


def open_files(directory: Path) -> whoosh.index.Index:
    """Open a build directory reading files normally, not memory-mapped: a file truncated
    under a mapping kills the process with SIGBUS, while a short read is an error we can catch."""
    return FileStorage(str(directory), supports_mmap=False).open_index()


def _flock(handle, deadline: float | None, root: Path) -> None:
    """Take the exclusive lock on ``handle``, polling until ``deadline`` (None: block)."""
    if deadline is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise IndexBusy(f"{root} is being written by another process") from None
            time.sleep(LOCK_POLL)


def _merge_below(documents: int):
    """A Whoosh merge policy: fold the segments with fewer than ``documents`` into the new one."""
    from whoosh.reading import SegmentReader

    def merge(writer, segments):
        kept = []
        for segment in segments:
            if segment.doc_count_all() < documents:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
            else:
                kept.append(segment)
        return kept
    return merge


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
        self._spelling: spelling.SpellingLookup | None = None

    # -- reading -----------------------------------------------------------------------------
    def live_dir(self) -> Path | None:
        """The directory the ``current`` symlink points at, if any."""
        try:
            return self.root / os.readlink(self.root / CURRENT)
        except (FileNotFoundError, OSError):
            return None

    def segment_count(self) -> int:
        """Segments in the live build (0 when there is none)."""
        try:
            return len(self._open()._segments())  # noqa: SLF001 - Whoosh has no public count
        except IndexUnavailable:
            return 0

    def compact(self, below: int) -> int:
        """Merge every segment of the live build with fewer than ``below`` documents (those a
        backlog or publishes added) into one, leaving the larger ones as they are; returns the
        segments left. Takes the writer lock, as ``update`` does."""
        with self.exclusive(self.writer_timeout):
            with self._lock:
                index = self._open()
            writer = index.writer(timeout=self.writer_timeout)
            try:
                writer.commit(mergetype=_merge_below(below))
            except BaseException:
                writer.cancel()
                raise
        return self.segment_count()

    def _open(self) -> whoosh.index.Index:
        directory = self.live_dir()
        if directory is None:
            raise IndexUnavailable(f"no index at {self.root}")
        if self._index is not None and directory == self._index_dir:
            return self._index
        try:
            thai.register_dictionary(directory / DICTIONARY_FILE)
            index = open_files(directory)
            index.doc_count()  # reads the table of contents: fails now if it is corrupt
        except Exception as exc:  # missing files, bad pickles, truncated TOC...
            raise IndexUnavailable(f"cannot open {directory}: {exc!r}") from exc
        self._close_searcher()
        self._index, self._index_dir = index, directory
        self._spelling = spelling.SpellingLookup(directory)
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
                self._searcher.arrays_dir = self._index_dir  # saved facet arrays (facets.py)
            except Exception as exc:
                self._close_searcher()
                self._index = None
                raise IndexUnavailable(f"cannot read {self._index_dir}: {exc!r}") from exc
            yield self._searcher

    def spelling_lookup(self) -> spelling.SpellingLookup | None:
        """Spelling lookups in the index the last searcher was opened on."""
        return self._spelling

    def dictionary_id(self) -> str | None:
        """The id of the live index's segmentation dictionary."""
        directory = self.live_dir()
        if directory is None or not (directory / DICTIONARY_FILE).exists():
            return None
        return thai.register_dictionary(directory / DICTIONARY_FILE)

    def applied(self) -> int:
        """The last outbox change the live index contains (0: none recorded)."""
        return self.mark().applied

    def mark(self, directory: Path | None = None) -> Mark:
        """Where build ``directory`` (default: the live one) stands in the outbox."""
        directory = directory or self.live_dir()
        try:
            return Mark.parse((directory / APPLIED_FILE).read_text()) if directory else Mark()
        except (FileNotFoundError, ValueError):
            return Mark()

    def _set_applied(self, directory: Path, mark: Mark) -> None:
        temporary = directory / f".{APPLIED_FILE}-{secrets.token_hex(4)}"
        temporary.write_text(mark.text())
        os.replace(temporary, directory / APPLIED_FILE)

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def exclusive(self, timeout: float | None = None) -> Iterator[None]:
        """One writer per index directory, across every process of the machine.

        Waits at most ``timeout`` seconds (forever when None, as a command-line rebuild may)
        and then raises ``IndexBusy``. flock() is released by the kernel when a process dies
        (even by kill -9), so a crashed writer never leaves the index locked. Re-entrant within
        a thread.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._exclusive.acquire(timeout=-1 if timeout is None else timeout):
            raise IndexBusy(f"{self.root} is being written by another thread")
        try:
            if self._exclusive_depth:
                self._exclusive_depth += 1
                try:
                    yield
                finally:
                    self._exclusive_depth -= 1
                return
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.root / ".write.lock", "w") as handle:
                _flock(handle, deadline, self.root)
                self._exclusive_depth = 1
                try:
                    yield
                finally:
                    self._exclusive_depth = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            self._exclusive.release()

    # -- failures ----------------------------------------------------------------------------
    def mark_broken(self, reason: str) -> None:
        """Record that the live build failed to read or write: every worker of the machine
        sees it (and stops using it) until a rebuild swaps in a new directory."""
        directory = self.live_dir()
        with self._lock:
            self._close_searcher()
            self._index = None
        if directory is not None and directory.is_dir():
            temporary = directory / f".{BROKEN_FILE}-{secrets.token_hex(4)}"
            temporary.write_text(reason[:500], encoding="utf-8")
            os.replace(temporary, directory / BROKEN_FILE)

    def broken_reason(self) -> str | None:
        """Why the live index cannot be used (missing, or marked broken), else None."""
        directory = self.live_dir()
        if directory is None or not directory.is_dir():
            return f"no index at {self.root}"
        try:
            return (directory / BROKEN_FILE).read_text(encoding="utf-8") or "broken"
        except FileNotFoundError:
            return None

    @contextmanager
    def building(self, timeout: float | None = None) -> Iterator[None]:
        """One full build at a time per machine, apart from the writer lock: a build takes
        minutes at national scale, and publishes and catch-ups keep writing the live index
        meanwhile. ``timeout=0`` is a non-blocking try (``IndexBusy`` when a build runs)."""
        self.root.mkdir(parents=True, exist_ok=True)
        deadline = None if timeout is None else time.monotonic() + timeout
        with open(self.root / ".build.lock", "w") as handle:
            _flock(handle, deadline, self.root)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def mark_stale(self, directory: Path) -> None:
        """Record that build ``directory`` holds items with words its dictionary lacks."""
        (directory / STALE_FILE).touch()

    def is_stale(self) -> bool:
        """True when the live build's dictionary lacks words of the items it holds."""
        directory = self.live_dir()
        return directory is not None and (directory / STALE_FILE).exists()

    def live_age(self) -> float:
        """Seconds since the live build was swapped in (its directory was created)."""
        directory = self.live_dir()
        try:
            return time.time() - (directory / DICTIONARY_FILE).stat().st_mtime
        except (TypeError, OSError):
            return float("inf")

    def discard(self, directory: Path) -> None:
        """Remove a build that was never swapped in."""
        if directory != self.live_dir():
            shutil.rmtree(directory, ignore_errors=True)

    def build_beside(self, documents: Iterable[dict], words: list[str], procs: int = 1,
                     applied: Mark | int = 0) -> tuple[Path, int]:
        """Write a complete new build directory beside the live one; return it and its size.

        Takes no writer lock: searches and incremental writes go on using the live build.
        ``applied`` is the outbox position the documents reflect (read before reading them):
        a Mark, or only an outbox id.
        """
        if isinstance(applied, int):
            applied = Mark(applied)
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        directory = self.root / f"ix-{stamp}-{secrets.token_hex(3)}"
        directory.mkdir()
        try:
            (directory / DICTIONARY_FILE).write_text("\n".join(words), encoding="utf-8")
            ident = thai.register_dictionary(directory / DICTIONARY_FILE)
            index = whoosh.index.create_in(str(directory), build_schema(ident))
            options = {"procs": procs, "multisegment": True} if procs > 1 else {}
            writer = index.writer(limitmb=256 if procs == 1 else 1024, **options)
            count = 0
            try:
                for doc in documents:
                    writer.add_document(spell=spell_text(doc), **doc)
                    count += 1
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            spelling.add_words(directory, lexicon_words(index))
            with index.searcher() as searcher:
                facets.save_arrays(searcher, directory)
            self._set_applied(directory, applied)
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        return directory, count

    def build(self, documents: Iterable[dict], words: list[str], procs: int = 1,
              applied: Mark | int = 0) -> int:
        """Build beside the live index and swap it in at once (no outbox to replay)."""
        with self.building():
            directory, count = self.build_beside(documents, words, procs, applied)
            with self.exclusive():
                self.swap(directory)
        return count

    def swap(self, directory: Path) -> None:
        """Make ``directory`` the live build (the caller holds the writer lock and the build
        lock); keep the previous one for searchers still reading it, and remove every other
        build, including any left half-written by a build that was killed."""
        previous = self.live_dir()
        temporary = self.root / f".{CURRENT}-{secrets.token_hex(4)}"
        os.symlink(directory.name, temporary)
        os.replace(temporary, self.root / CURRENT)
        for old in self.root.glob("ix-*"):
            if old not in (directory, previous):
                shutil.rmtree(old, ignore_errors=True)

    def applied_in(self, directory: Path) -> int:
        """The last outbox change build ``directory`` contains."""
        return self.mark(directory).applied

    def build_running(self) -> bool:
        """True when a full build of this machine holds the build lock (any process)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".build.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False

    def update(self, documents: Iterable[dict], delete_keys: Iterable[str] = (),
               applied: Mark | None = None, directory: Path | None = None,
               procs: int = 1, merge: bool = True) -> None:
        """Replace or add ``documents`` and delete ``delete_keys`` in the live index (or in build
        ``directory``); then record ``applied`` (only after Whoosh committed: a crash before that
        replays the changes). The caller need not hold the writer lock: this takes it, waiting at
        most ``writer_timeout`` seconds. Searches never wait for it. ``procs`` > 1 analyses the
        documents in that many processes, each adding its own segment (the command line only:
        forking a threaded web worker is unsafe). ``merge=False`` only adds segments: working
        off a backlog, Whoosh's own policy would sooner or later fold every segment, the
        largest too, into one (minutes at 50,000 documents); ``compact`` merges only the
        small ones when ``segment_count`` says there are too many."""
        documents = list(documents)
        with self.exclusive(self.writer_timeout):
            if directory is None or directory == self.live_dir():
                with self._lock:
                    index = self._open()
                    directory = self._index_dir
            else:
                index = open_files(directory)
            options = {"procs": procs, "multisegment": True, "limitmb": 256} if procs > 1 else {}
            writer = index.writer(timeout=self.writer_timeout, **options)
            try:
                # One searcher finds every document to replace or delete: Whoosh's
                # update_document and delete_by_term open the segments' readers anew for each
                # call, which cost more than indexing the document itself.
                with writer.searcher() as searcher:
                    for key in (*delete_keys, *(doc["key"] for doc in documents)):
                        writer.delete_by_term("key", key, searcher=searcher)
                for doc in documents:
                    writer.add_document(spell=spell_text(doc), **doc)
                if merge:
                    writer.commit()
                else:
                    writer.commit(mergetype=NO_MERGE)
            except BaseException:
                writer.cancel()
                raise
            spelling.add_words(directory, document_words(index.schema, documents))
            if applied is not None:
                self._set_applied(directory, applied)
