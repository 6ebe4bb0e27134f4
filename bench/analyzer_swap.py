"""How much the Thai analyzer matters: the search table run with ours, then with Whoosh's default.

    .venv/bin/python bench/analyzer_swap.py

Builds the shipped content/ into a temporary database and index twice — once with our Thai
analyzers, once with Whoosh's StandardAnalyzer in every text field — runs every case of
tests/search_cases.py against each, and prints how many fail.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from flask_migrate import upgrade  # noqa: E402
from search_cases import CASES  # noqa: E402
from test_search import check  # noqa: E402
from whoosh.analysis import StandardAnalyzer  # noqa: E402

from cdd_click import create_app, search  # noqa: E402
from cdd_click.config import CONTENT_DIR  # noqa: E402
from cdd_click.content import load_content  # noqa: E402
from cdd_click.extensions import db  # noqa: E402
from cdd_click.geography import seed_geography  # noqa: E402
from cdd_click.search import index as search_index  # noqa: E402


def run_table(client, cases=CASES) -> list[str]:
    """The cases of the search table that fail, as printable lines."""
    failures = []
    for query, expectation in cases:
        try:
            check(client, query, expectation)
        except AssertionError:
            failures.append(f"{query!r} {expectation}")
    return failures


def shipped_app(prefix: str):
    """An app on a new SQLite file in a temporary folder; call ``load_shipped`` inside its
    context."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    return create_app({"SECRET_KEY": "bench", "LOG_FORMAT": "plain",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work}/db",
                       "SEARCH_INDEX_DIR": str(work / "index")})


def load_shipped() -> None:
    """Schema, geography and the shipped content/, indexed (inside an app context)."""
    upgrade()
    seed_geography()
    db.session.commit()
    load_content(CONTENT_DIR)
    search.rebuild_index()


def main() -> None:
    app = shipped_app("cdd-swap-")
    with app.app_context():
        load_shipped()
        ours = run_table(app.test_client())
        search_index.word_analyzer = lambda _ident: StandardAnalyzer()
        search_index.parts_analyzer = lambda _ident: StandardAnalyzer()
        search.rebuild_index()
        standard = run_table(app.test_client())
    print(f"{len(CASES)} cases; failing with our Thai analyzers: {len(ours)}; "
          f"with Whoosh's StandardAnalyzer: {len(standard)}")
    for line in standard:
        print("  standard fails:", line)


if __name__ == "__main__":
    main()
