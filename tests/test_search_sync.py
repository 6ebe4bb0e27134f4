"""Publishing never waits for a rebuild, and search never waits for a writer (issue 11, item 1).

Every test here uses the real index directory, the real flock and real threads or processes.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import nlpo3
import pytest
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


def test_a_never_seen_word_is_searchable_when_the_publish_returns_without_a_rebuild(site):
    index = site.extensions["cdd_search"]
    live = index.live_dir()
    started = time.monotonic()
    publish_new_word()
    publish_took = time.monotonic() - started
    client = site.test_client()
    # the exact name and the new word alone find the village first (its listing follows: a
    # listing's document carries its village's name)
    assert slugs(client, f"ผ้าทอ{NEW_WORD}")[0] == "ban-test"
    assert slugs(client, NEW_WORD)[0] == "ban-test"
    assert index.live_dir() == live, "the publish rebuilt the index"
    assert index.is_stale()  # the dictionary learns the word later, in the background
    assert publish_took < 1.0


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
    publish_new_word()
    time.sleep(0.5)
    assert index.live_dir() == live and index.is_stale()
    assert sync._syncer()._refresh is None  # no refresh process was started


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
import fcntl, sys, time
handle = open(sys.argv[1], "w")
fcntl.flock(handle, fcntl.LOCK_EX)
print("HELD", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_writers_wait_at_most_the_timeout_and_searches_do_not_wait(site):
    """Another process holds the real writer lock (flock) for 4 s."""
    site.config["SEARCH_WRITER_TIMEOUT"] = 0.5
    index = site.extensions["cdd_search"]
    index.writer_timeout = 0.5
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index.root / ".write.lock"),
                               "4"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        started = time.monotonic()
        publish_new_word(f"บ้าน{NEW_WORD}")  # commits; indexing gives up after 0.5 s
        publish_took = time.monotonic() - started
        assert 0.4 < publish_took < 1.5
        client = site.test_client()
        started = time.monotonic()
        assert slugs(client, NEW_WORD) == []  # answered from the index as it is
        search_took = time.monotonic() - started
        assert search_took < 0.5
        assert holder.poll() is None  # the lock was held throughout
    finally:
        holder.wait(10)
    # the lock is free: the next search wakes the background catch-up, which applies the change
    assert wait_for(lambda: slugs(site.test_client(), NEW_WORD)[:1] == ["ban-test"], 5)


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
