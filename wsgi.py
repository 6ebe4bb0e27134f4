"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""

from cdd_click import create_app

app = create_app()
