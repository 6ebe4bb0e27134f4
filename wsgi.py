"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``.

With ``preload_app`` this runs once in the master: the Thai word lists are loaded into nlpO3 here,
before the fork, so every worker shares them.
"""

from cdd_click import create_app
from cdd_click.search import thai

app = create_app()
thai.preload()
