"""The database goes away in the middle of a request: the Thai 503 page with Retry-After, or the
page already made, never a bare 500. Runs on SQLite (``make test``) and PostgreSQL
(``make test-postgres``), each cutting the request's own connection for real."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError

from cdd_click.extensions import db

VILLAGE = "/villages/ban-mae-kampong"
UNAVAILABLE = "ระบบไม่พร้อมให้บริการชั่วคราว"


def _terminate_backend(url: str):
    """PostgreSQL: the server ends the backend from a second connection, as a restart would."""

    def cut(dbapi_connection) -> None:
        pid = dbapi_connection.info.backend_pid
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            alive = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            for _ in range(100):  # wait until the backend has really gone
                if not other.execute(alive, {"pid": pid}).scalar():
                    break
                time.sleep(0.05)
        admin.dispose()

    return cut


def _close_file(dbapi_connection) -> None:
    """SQLite: the database file the request was reading is closed under it."""
    dbapi_connection.close()


def _cutter(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    return _terminate_backend(url) if url.startswith("postgresql") else _close_file


@contextmanager
def _cut_at(app, statements: int, moment: str):
    cut, seen = _cutter(app), 0

    def on_statement(conn, cursor, statement, parameters, context, executemany):
        nonlocal seen
        seen += 1
        if seen == statements:
            cut(conn.connection.dbapi_connection)

    event.listen(db.engine, f"{moment}_cursor_execute", on_statement)
    try:
        yield
    finally:
        event.remove(db.engine, f"{moment}_cursor_execute", on_statement)
    assert seen >= statements, "the request never reached the cut"


def cut_after(app, statements: int):
    """The request's own database connection is cut just after its ``statements``-th statement."""
    return _cut_at(app, statements, "after")


def cut_before(app, statements: int):
    """The request's own database connection is cut just before its ``statements``-th
    statement (the request has started and holds its connection)."""
    return _cut_at(app, statements, "before")


@contextmanager
def cut_as_the_request_ends(app):
    """The connection is cut once the answer is made, as the request gives its connection back."""
    cut, cuts = _cutter(app), []

    def before_rollback(conn):
        if not cuts:
            cuts.append(cut(conn.connection.dbapi_connection))

    event.listen(db.engine, "rollback", before_rollback)
    try:
        yield
    finally:
        event.remove(db.engine, "rollback", before_rollback)
    assert cuts, "the request never gave its connection back"


def assert_thai_503(response) -> None:
    assert response.status_code == 503
    assert UNAVAILABLE in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"


def test_cut_in_the_middle_of_a_page_gives_thai_503(site):
    client = site.test_client()
    with cut_after(site, 1):
        assert_thai_503(client.get(VILLAGE))
    assert client.get(VILLAGE).status_code == 200  # the next request has a fresh connection


def test_cut_after_the_page_was_made_still_answers_the_page(site):
    client = site.test_client()
    with cut_as_the_request_ends(site):
        response = client.get(VILLAGE)
    assert response.status_code == 200 and "แม่กำปอง" in response.get_data(as_text=True)
    assert client.get(VILLAGE).status_code == 200


def test_a_swallowed_outage_still_gives_thai_503(app):
    @app.get("/careless")
    def careless():
        db.session.execute(text("SELECT 1"))
        try:
            db.session.execute(text("SELECT 2"))
        except DBAPIError:
            pass  # careless code carries on after the connection died
        return str(db.session.execute(text("SELECT 3")).scalar())

    with cut_after(app, 1):
        assert_thai_503(app.test_client().get("/careless"))


def test_a_mistake_in_sql_is_still_500_not_503(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite reports every SQL mistake as an OperationalError, like an outage")

    @app.get("/buggy")
    def buggy():
        db.session.execute(text("SELECT * FROM no_such_table_at_all"))

    response = app.test_client().get("/buggy")
    assert response.status_code == 500 and "Retry-After" not in response.headers
