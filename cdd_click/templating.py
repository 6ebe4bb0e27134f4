"""Template globals and filters: vocabulary labels, addresses and safe Markdown."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from cdd_click.geography import province_names, thai_address
from cdd_click.text import render_markdown
from cdd_click.vocabulary import CATEGORY_LABELS, KIND_LABELS, REGION_LABELS, TYPE_LABELS


def init_app(app: Flask) -> None:
    """Expose labels and helpers to every template."""
    app.jinja_env.globals.update(
        KIND_LABELS=KIND_LABELS,
        CATEGORY_LABELS=CATEGORY_LABELS,
        REGION_LABELS=REGION_LABELS,
        thai_address=thai_address,
        province_names=province_names,
        TYPE_LABELS=TYPE_LABELS,
        get_locale=get_locale,
    )
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["reject_key"] = lambda mapping, key: {
        name: value for name, value in mapping.items() if name != key
    }
