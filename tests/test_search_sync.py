"""Publishing never waits for a rebuild, and search never waits for a writer (issue 11, item 1).

Every test here uses the real index directory, the real flock and real threads or processes.
"""

from __future__ import annotations

import fcntl
import logging
import subprocess
import sys
import threading
import time

import nlpo3
import pytest
import sqlalchemy
from sqlalchemy import select

from cdd_click import publishing, search
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.models import Listing, Village
from cdd_click.search import sync, thai

NEW_WORD = "ซ่อนเร้นพิศวง"  # in no dictionary: a name nobody has published before


def search_json(client, text: str) -> dict:
    response = client.get("/api/v1/search", query_string={"q": text})
    assert response.status_code == 200, response.data[:300]
    return response.get_json()


def slugs(client, text: str) -> list[str]:
    return [r["slug"] for r in search_json(client, text)["results"]]


@pytest.fixture
def site(app, content_tree):
    content_tree.village()
    content_tree.listing()
    load_content(content_tree.root)
    search.rebuild_index()
    return app


def publish_new_word(title: str = f"ผ้าทอ{NEW_WORD}") -> Village:
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    publishing.save(village, {"title": title}, None, village.version)
    return village


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_never_seen_word_is_searchable_when_the_publish_returns_without_a_rebuild(site,
                                                                                   monkeypatch):
    index = site.extensions["cdd_search"]
    live = index.live_dir()
    builds = []
    build_beside = index.build_beside
    monkeypatch.setattr(index, "build_beside",
                        lambda *args, **kwargs: builds.append(1) or build_beside(*args, **kwargs))
    publish_new_word()
    assert builds == []  # the publish built nothing: it added the item to the live build
    client = site.test_client()
    # the exact name and the new word alone find the village first (its listing follows: a
    # listing's document carries its village's name)
    assert slugs(client, f"ผ้าทอ{NEW_WORD}")[0] == "ban-test"
    assert slugs(client, NEW_WORD)[0] == "ban-test"
    assert index.live_dir() == live, "the publish rebuilt the index"
    assert index.is_stale()  # the dictionary learns the word later, in the background


def test_the_dictionary_refresh_runs_in_the_background_and_learns_the_word(site):
    site.config["SEARCH_REFRESH_INTERVAL"] = 0
    index = site.extensions["cdd_search"]
    live = index.live_dir()
    publish_new_word()
    assert wait_for(lambda: index.live_dir() != live, 30), "no background refresh"
    assert not index.is_stale()
    assert f"ผ้าทอ{NEW_WORD}" in thai.dictionary_word_set(index.live_dir() / "dictionary.txt")
    client = site.test_client()
    assert slugs(client, NEW_WORD)[0] == "ban-test"
    assert slugs(client, f"ผ้าทอ{NEW_WORD}")[0] == "ban-test"


def test_a_refresh_waits_for_its_interval(site):
    site.config["SEARCH_REFRESH_INTERVAL"] = 3600
    index = site.extensions["cdd_search"]
    live = index.live_dir()
    publish_new_word()  # decides, before it returns, when the refresh is due
    syncer = sync._syncer()
    assert index.live_dir() == live and index.is_stale()
    assert syncer._refresh is None  # no refresh process was started
    assert syncer._timer.is_alive() and syncer._timer.interval > 3000  # one is due in an hour
    syncer._timer.cancel()


def test_a_full_rebuild_holds_no_writer_lock_and_keeps_what_was_published_meanwhile(site,
                                                                                 monkeypatch):
    """While the rebuild reads documents, a publish takes the writer lock at once and is
    indexed; the rebuild replays that change before it swaps in, so nothing is lost."""
    index = site.extensions["cdd_search"]
    original = sync.documents.all_documents
    during = {}

    def documents_with_a_publish_halfway():
        yield from original()
        with site.app_context():
            with index.exclusive(timeout=0):  # IndexBusy here if the build held the lock
                during["lock_free"] = True
            listing = db.session.scalar(select(Listing).where(Listing.slug == "test-coffee"))
            publishing.save(listing, {"title": "กาแฟพิศวงกลางรอบ"}, None, listing.version)
            during["found_meanwhile"] = slugs(site.test_client(), "กาแฟพิศวงกลางรอบ")
            db.session.remove()

    monkeypatch.setattr(sync.documents, "all_documents", documents_with_a_publish_halfway)
    search.rebuild_index()
    assert during == {"lock_free": True, "found_meanwhile": ["test-coffee"]}
    assert slugs(site.test_client(), "กาแฟพิศวงกลางรอบ") == ["test-coffee"]


HOLD_LOCK = """
import fcntl, select, sys
handle = open(sys.argv[1], "w")
fcntl.flock(handle, fcntl.LOCK_EX)
print("HELD", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[2]))  # until told to let go (or a safety net)
"""
HOLDER_SAFETY = 30  # seconds: a writer that waited for the lock instead would return after it


def writer_lock_taken(index) -> bool:
    """True when some process holds the index's writer lock (flock) right now."""
    with open(index.root / ".write.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_writers_wait_at_most_the_timeout_and_searches_do_not_wait(site, caplog, monkeypatch):
    """Another process holds the real writer lock (flock) until the test lets it go: a publish
    and a search that both return while it still holds it did not wait for it."""
    site.config["SEARCH_WRITER_TIMEOUT"] = 0.5
    index = site.extensions["cdd_search"]
    index.writer_timeout = 0.5
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index.root / ".write.lock"),
                               str(HOLDER_SAFETY)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        caplog.set_level(logging.WARNING, logger="cdd_click.search")
        started = time.monotonic()
        publish_new_word(f"บ้าน{NEW_WORD}")  # commits; indexing gives up after 0.5 s
        assert time.monotonic() - started >= 0.5  # it did try the lock for its timeout
        assert "search index not updated after commit (IndexBusy" in caplog.text
        assert writer_lock_taken(index) and holder.poll() is None  # ... and gave up
        taken_here = []
        exclusive = index.exclusive
        monkeypatch.setattr(index, "exclusive", lambda *args, **kwargs: taken_here.append(
            threading.current_thread()) or exclusive(*args, **kwargs))
        assert slugs(site.test_client(), NEW_WORD) == []  # answered from the index as it is
        assert threading.current_thread() not in taken_here
        assert writer_lock_taken(index) and holder.poll() is None  # still held: no wait
    finally:
        holder.communicate("let go\n", timeout=HOLDER_SAFETY + 10)
    # the lock is free: the next search wakes the background catch-up, which applies the change
    assert wait_for(lambda: slugs(site.test_client(), NEW_WORD)[:1] == ["ban-test"], 30)


def test_a_search_never_takes_the_writer_lock(site, monkeypatch):
    index = site.extensions["cdd_search"]
    publish_new_word()
    db.session.commit()
    taken_by = []
    original = index.exclusive

    def spy(*args, **kwargs):
        taken_by.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(index, "exclusive", spy)
    other = db.session.scalar(select(Listing))
    other.summary = "เปลี่ยนแปลง"
    search.record_change(other)  # a change this machine has not applied yet
    db.session.commit()
    client = site.test_client()
    assert wait_for(lambda: search_json(client, "เปลี่ยนแปลง")["total"] == 1, 5)
    assert taken_by and threading.main_thread().name not in taken_by


def test_rebuilds_load_no_new_segmenter_dictionary(site, content_tree, monkeypatch):
    """nlpO3 never frees a dictionary: rebuilds with new names must not load one each."""
    thai.preload()
    loads = []
    monkeypatch.setattr(nlpo3, "load_dict", lambda *args: loads.append(args))
    for number in range(5):
        publish_new_word(f"บ้านชื่อใหม่{'กขคงจ'[number]}พิศวง")
        search.rebuild_index()
    assert loads == []
    assert thai.name_sets() <= thai.NAME_SETS


def test_names_join_base_words_the_same_way_for_documents_and_queries(tmp_path):
    path = tmp_path / "dictionary.txt"
    path.write_text("\n".join(thai.dictionary_words(["บ้านแม่กำปอง", NEW_WORD])),
                    encoding="utf-8")
    ident = thai.register_dictionary(path)
    words = [w for w, _s, _e in thai.segment_words(f"เที่ยวแม่กำปอง{NEW_WORD}", ident)]
    assert words == ["เที่ยว", "แม่กำปอง", NEW_WORD]


def test_catch_up_applies_a_large_backlog_in_batches(site, monkeypatch):
    monkeypatch.setattr(sync, "BATCH", 2)
    listing = db.session.scalar(select(Listing))
    for number in range(5):
        listing.summary = f"รอบที่{number}"
        search.record_change(listing)
        db.session.commit()
    index = site.extensions["cdd_search"]
    before = index.applied()
    assert sync.catch_up(limit=2) == 2  # one batch: what a single pass may cost is bounded
    assert index.applied() == before + 2
    sync.catch_up()
    assert sync.is_caught_up()


def _synthetic(number: int, province: str) -> dict:
    title = f"สินค้าทดสอบลำดับ{number}"
    return {"key": f"listing:{number}", "type": "listing", "slug": f"s-{number}", "title": title,
            "title_th": title, "title_en": "", "summary": "", "content": "ผ้าทอ", "extra": "",
            "parts": title, "complete": title, "name": title, "kind": "otop_product",
            "category": "textile", "province": province, "updated": 1_700_000_000 + number}


def test_facet_arrays_are_built_per_segment_so_a_publish_reads_only_the_new_one(tmp_path,
                                                                                 monkeypatch):
    """A search after a publish must not re-read the whole index (about 1 s at 50,000
    documents): the big segment's arrays are reused, only the new segment is read."""
    from cdd_click.search import facets
    from cdd_click.search.index import SearchIndex

    index = SearchIndex(tmp_path / "index")
    words = thai.dictionary_words(())
    index.build((_synthetic(n, "50") for n in range(40)), words)
    built = []
    original = facets.SegmentArrays.__init__

    def counting(self, reader):
        built.append(reader.doc_count_all())
        original(self, reader)

    monkeypatch.setattr(facets.SegmentArrays, "__init__", counting)
    for saved in index.live_dir().glob("facets-*.npz"):
        saved.unlink()  # (a rebuild saves them: see the next test)
    facets._segments.clear()  # a worker process that has never read this build
    with index.searcher() as searcher:
        first = facets.doc_arrays(searcher)
    assert built == [40]
    index.update([_synthetic(100, "57")], ["listing:3"])
    with index.searcher() as searcher:
        arrays = facets.doc_arrays(searcher)
        assert built == [40, 1]  # the 40-document segment was not read again
        assert arrays.size == 41 and int(arrays.live.sum()) == 40
        counts = arrays.counts(arrays.live)
    assert counts["province"] == {"50": 39, "57": 1}
    assert first.counts(first.live)["province"] == {"50": 40}


def test_a_rebuild_saves_facet_arrays_so_no_worker_reads_them_after_the_swap(tmp_path,
                                                                            monkeypatch):
    from cdd_click.search import facets
    from cdd_click.search.index import SearchIndex

    index = SearchIndex(tmp_path / "index")
    index.build((_synthetic(n, "50" if n % 3 else "57") for n in range(30)),
                thai.dictionary_words(()))
    assert list(index.live_dir().glob("facets-*.npz"))
    facets._segments.clear()  # a worker process that has never read this build
    read = []
    original = facets.SegmentArrays.__init__
    monkeypatch.setattr(facets.SegmentArrays, "__init__",
                        lambda self, reader: read.append(1) or original(self, reader))
    with index.searcher() as searcher:
        arrays = facets.doc_arrays(searcher)
        counts = arrays.counts(arrays.live)
        assert read == []  # loaded from the saved file
        assert counts["province"] == {"50": 20, "57": 10}
        assert arrays.updated.tolist() == [1_700_000_000 + n for n in range(30)]


def test_a_swap_keeps_the_previous_build_and_removes_one_a_killed_build_left(site):
    index = site.extensions["cdd_search"]
    previous = index.live_dir()
    leftover = index.root / "ix-20260101-000000-dead00"
    leftover.mkdir()
    (leftover / "_MAIN_1.toc").write_bytes(b"half written")
    search.rebuild_index()
    builds = sorted(path.name for path in index.root.glob("ix-*"))
    assert builds == sorted([previous.name, index.live_dir().name])


def test_outbox_ids_are_committed_in_order_so_a_catch_up_between_two_writers_skips_none(site):
    """Writer A takes an outbox id and holds its transaction open; writer B changes another
    item meanwhile; a catch-up runs; then A commits. Unless B's outbox row waits for A (the
    outbox lock), B commits the higher id first, the catch-up records it as applied, and A's
    lower id is skipped on every machine, for good."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time: B cannot take an outbox id "
                    "while A's is uncommitted, so ids are committed in order without a lock")
    first_has_id, let_first_commit = threading.Event(), threading.Event()
    commits: list[str] = []
    failures: list[BaseException] = []

    def writer(name: str, model, slug: str, summary: str, before_commit=None) -> None:
        try:
            with site.app_context():
                item = db.session.scalar(select(model).where(model.slug == slug))
                item.summary = summary
                search.record_change(item)  # B waits here for A's commit, with the lock
                db.session.flush()  # the outbox row takes its id from the sequence
                if before_commit is not None:
                    before_commit()
                db.session.commit()
                commits.append(name)
                db.session.remove()
        except BaseException as problem:  # noqa: BLE001 - reported by the test below
            failures.append(problem)
            first_has_id.set()

    def hold_until_told() -> None:
        first_has_id.set()
        assert let_first_commit.wait(60), "never told to commit"

    writer_a = threading.Thread(target=writer, args=(
        "A", Listing, "test-coffee", "กาแฟ alphaword", hold_until_told))
    writer_b = threading.Thread(target=writer, args=(
        "B", Village, "ban-test", "หมู่บ้าน betaword"))
    writer_a.start()
    assert first_has_id.wait(30) and not failures
    writer_b.start()

    def b_committed_or_waiting_for_the_lock() -> str | None:
        if "B" in commits:
            return "committed"
        waiting = db.session.scalar(sqlalchemy.text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND objid::bigint = :key"), {"key": sync.OUTBOX_LOCK})
        db.session.rollback()
        return "waiting" if waiting else None

    deadline = time.monotonic() + 30
    while (b_state := b_committed_or_waiting_for_the_lock()) is None \
            and time.monotonic() < deadline:
        time.sleep(0.01)
    sync.catch_up()  # between the two commits: sees B's row only if B could commit first
    db.session.remove()
    let_first_commit.set()
    writer_a.join(30)
    writer_b.join(30)
    assert not failures and not writer_a.is_alive() and not writer_b.is_alive()
    sync.catch_up()
    client = site.test_client()
    assert slugs(client, "alphaword") == ["test-coffee"]  # A's change reached the index
    assert "ban-test" in slugs(client, "betaword")
    assert (b_state, commits) == ("waiting", ["A", "B"])  # B's id was taken after A committed
