"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``.

With ``preload_app`` this runs once in the master: the Thai word lists are loaded into nlpO3 here,
before the fork, so every worker shares them, and so is the gazetteer search reads places from
(and autocomplete's sorted place names).
"""

from sqlalchemy.exc import SQLAlchemyError

from cdd_click import create_app, search
from cdd_click.extensions import db
from cdd_click.search import place_names, thai
from cdd_click.search.understanding import gazetteer

app = create_app()
thai.preload()
gazetteer()
place_names.index()
with app.app_context():
    try:
        search.place_points()  # one grouped query, shared by the workers
    except SQLAlchemyError:  # the database is not there yet: each worker reads them later
        pass
    finally:  # no connection of the master's may be inherited by the forked workers
        db.session.remove()
        db.engine.dispose()
