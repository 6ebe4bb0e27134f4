"""How much query understanding matters: the search table by group, with it on and off.

    .venv/bin/python bench/understanding_table.py

Builds the shipped content/ into a temporary database and index (tambon centroids loaded when
TAMBON_CENTROIDS names a file), runs every case of tests/search_cases.py through /api/v1/search
with ``SEARCH_UNDERSTANDING`` on, then off (words only: no places, kinds or categories read out
of the query, no rewrites of mistyped queries), and prints passes per group and every failure.
The same index and the same cases on both sides; only the switch differs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from analyzer_swap import run_table  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from search_cases import CASES, GROUPS  # noqa: E402

from cdd_click import create_app, search  # noqa: E402
from cdd_click.config import CONTENT_DIR  # noqa: E402
from cdd_click.content import load_content  # noqa: E402
from cdd_click.extensions import db  # noqa: E402
from cdd_click.geography import load_centroids, seed_geography  # noqa: E402


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cdd-understanding-"))
    app = create_app({"SECRET_KEY": "bench", "LOG_FORMAT": "plain",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work}/db",
                      "SEARCH_INDEX_DIR": str(work / "index")})
    with app.app_context():
        upgrade()
        seed_geography()
        centroids = app.config.get("TAMBON_CENTROIDS")
        if centroids and os.path.isfile(centroids):
            load_centroids(centroids)
        db.session.commit()
        load_content(CONTENT_DIR)
        search.rebuild_index()
        client = app.test_client()
        rows, off_failures = [], []
        for name, cases in GROUPS.items():
            app.config["SEARCH_UNDERSTANDING"] = True
            on = run_table(client, cases)
            app.config["SEARCH_UNDERSTANDING"] = False
            off = run_table(client, cases)
            rows.append((name, len(cases), len(cases) - len(on), len(cases) - len(off)))
            off_failures += [f"[{name}] {line}" for line in off]
            for line in on:
                print(f"FAILS WITH UNDERSTANDING [{name}] {line}")
    print(f"\n{len(CASES)} cases\n")
    print("| group | cases | pass, understanding on | pass, understanding off |")
    print("|---|---|---|---|")
    for name, count, on, off in rows:
        print(f"| {name} | {count} | {on} | {off} |")
    total_on = sum(r[2] for r in rows)
    total_off = sum(r[3] for r in rows)
    print(f"| all | {len(CASES)} | {total_on} | {total_off} |")
    print(f"\nfailing with understanding off: {len(CASES) - total_off}")
    for line in off_failures:
        print("  off fails:", line)


if __name__ == "__main__":
    main()
