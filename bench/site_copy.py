"""A working copy of a ``bench/load.sh`` site, upgraded to the current schema, for the benches
that write to it (``import.py``, ``admin.py``): the built site stays as built."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "cdd_click"]


@contextmanager
def site_copy(site: Path, prefix: str, keep: bool = False,
              with_index: bool = False) -> Iterator[tuple[Path, dict[str, str]]]:
    """(work directory, environment naming its database, index and media) for a copy of
    ``site``'s database (and, ``with_index``, its search index) after ``flask db upgrade``;
    removed afterwards unless ``keep`` (then its path is printed)."""
    if not (site / "load.sqlite3").is_file():
        sys.exit(f"no site in {site}: build one with  bench/load.sh 1 --reuse {site} --targets")
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        for part in site.glob("load.sqlite3*"):  # the database and any write-ahead log
            shutil.copy2(part, work / part.name.replace("load.sqlite3", "site.sqlite3"))
        if with_index:
            shutil.copytree(site / "index", work / "index", symlinks=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
               "SEARCH_INDEX_DIR": str(work / "index"), "SECRET_KEY": "bench",
               "LOG_FORMAT": "text", "MEDIA_DIR": str(work / "media"),
               # the copy's index files keep the site's old times, so a command's dictionary
               # refresh (search/sync.py) would start a background rebuild of the whole index
               # that outlives the command and runs through the next measurement
               "SEARCH_REFRESH_INTERVAL": "86400"}
        done = subprocess.run([*FLASK, "db", "upgrade"], env=env, capture_output=True,
                              text=True, cwd=ROOT)
        if done.returncode:
            sys.exit(done.stderr[-2000:])
        yield work, env
    finally:
        if keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
