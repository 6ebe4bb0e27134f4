"""Reading a query again when it was typed without tone marks or with a misspelt place name.

``query.search`` first searches a query as typed (and understood); these then read it again
(``marks.restore``, ``places.fix``) and search that with ``again(text)``, which searches as
``query.search`` does. Each returns the result to show, with the correction it made (searched
instead, or only offered as "did you mean"), or None when the query is best as typed.
"""

from __future__ import annotations

from collections.abc import Callable

from cdd_click.search import marks, places, understanding
from cdd_click.search.understanding import Correction, Understanding

Again = Callable[[str], "object"]  # text -> query.SearchResult


def _tokens(searcher, text: str) -> list[tuple[str, int, int]]:
    """(word as typed, start, end) of each word of ``text``, cut by the index's analyzer."""
    return [(t.original, t.startchar, t.endchar) for t in
            searcher.schema["content"].analyzer(text, keeporiginal=True, chars=True)]


def with_marks(searcher, typed: str, lookup, gaz, result, again: Again):
    """The query read with the tone marks it was typed without (``marks.restore``): searched
    instead when it finds more than the query as typed; only offered ("did you mean") when a
    word typed, itself a word, would be read as another and the query as typed finds all its
    words. None when the query is better as typed."""
    typed = understanding.thai_digits(typed)
    restored = marks.restore(typed, lambda text: marks.marked_name(searcher, text), lookup, gaz)
    if restored is None or result.understanding is None:
        return None
    found = bool(result.total and result.all_words)
    if restored.changes_meaning and found:
        result.suggestion = restored.text
        return result
    retry = again(restored.text)
    if not retry.total:
        return None
    parts = len(result.understanding.parts)
    if retry.understanding is None:  # the words as typed: the title put back, found whole
        retry.understanding = Understanding(restored.text, restored.text)
    if retry.all_words or not result.total or len(retry.understanding.parts) > parts:
        retry.understanding.corrections = [Correction("tone_marks", typed, restored.text),
                                           *retry.understanding.corrections]
        retry.query = result.query
        return retry
    return None


def misspelt_place(searcher, typed: str, lookup, gaz, result, again: Again):
    """The query with a misspelt place name written as the gazetteer knows it
    (``places.fix``), when the query as typed does not find all its words: searched instead
    when that finds the place's items, else offered; either way the correction names the place.
    None when no place is misspelt, and for a query that finds all its words ("mae kam pong"
    is no Makham)."""
    read = result.understanding
    if read is None or read.part("place") or read.part("near") or \
            (result.total and result.all_words):
        return None
    text = read.text

    def known(words: list[str]) -> set[str]:
        found = {w for w in words if understanding.compact_key(w) in gaz.phrases}
        return found | lookup.known(words)

    found = places.fix(text, _tokens(searcher, text), gaz, known,
                       [(p.start, p.end) for p in read.parts])
    if found is None:
        return None
    fix = Correction("place", text, found.text, applied=False, label=found.label)
    retry = again(found.text)
    if retry.total and retry.understanding is not None and retry.understanding.part("place"):
        fix.applied = fix.guess = True
        retry.understanding.corrections = [*read.corrections, fix,
                                           *retry.understanding.corrections]
        retry.query = result.query
        return retry
    read.corrections = [*read.corrections, fix]
    result.suggestion = found.text
    return result
