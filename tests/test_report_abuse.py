"""Problem reports under abuse on a real gunicorn (issue 24): many reports from one address are
held to ``REPORT_RATE_LIMIT``, a form sent twice (in a row, at once, again later) is one report,
and nothing answers 500. A short run of ``bench/report_abuse.py``."""

from __future__ import annotations

import os

import pytest
from limits import parse
from servers import free_port, start_gunicorn

from bench import report_abuse
from cdd_click.extensions import db
from tests.admin_helpers import build_site

SUBMISSIONS = 40


@pytest.fixture
def server(app, content_tree, tmp_path):
    """The test site on gunicorn (2 workers, no proxy settings), its base URL."""
    build_site(content_tree)
    db.session.remove()
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in ("PROXY_FIX", "TRUSTED_PROXIES", "RATELIMIT_STORAGE_URI")}
    env.update({"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "SECRET_KEY": app.config["SECRET_KEY"], "SEARCH_INDEX_DIR": str(tmp_path / "ix"),
                "MEDIA_DIR": str(tmp_path / "media"), "PORT": str(port),
                "WEB_CONCURRENCY": "2", "GUNICORN_ACCESS_LOG": "/dev/null",
                "REPORT_RATE_LIMIT": app.config["REPORT_RATE_LIMIT"]})
    with (tmp_path / "gunicorn.log").open("w") as log:
        process = start_gunicorn(env, log)
        yield f"http://127.0.0.1:{port}"
        process.terminate()
        process.wait(10)


def test_reports_from_one_address_are_held_and_a_form_is_one_report(app, server):
    limit = app.config["REPORT_RATE_LIMIT"]
    assert parse(limit).amount < SUBMISSIONS  # else the run could not show the limit
    result = report_abuse.attack(server, app.config["SQLALCHEMY_DATABASE_URI"], SUBMISSIONS,
                                 threads=4)
    print(report_abuse.figures(result, limit))
    assert report_abuse.failures(result, limit) == []
    assert len(result.submissions) == SUBMISSIONS
    assert {s.mode for s in result.submissions} == {"once", "twice", "together"}
    stored = sum(result.stored.values())
    assert 0 < stored <= parse(limit).amount
    assert result.statuses[429] >= SUBMISSIONS - parse(limit).amount  # the limit did hold
