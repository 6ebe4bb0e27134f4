"""Flask commands: ``setup``, ``geo seed``, ``content load`` and ``content check``."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from cdd_click import search
from cdd_click.content import ContentInvalid, load_content, validate_content
from cdd_click.extensions import db
from cdd_click.geography import is_seeded, seed_geography

geo_cli = AppGroup("geo", help="Administrative geography from the geothai package.")
content_cli = AppGroup("content", help="Content files (content/) to the database.")
index_cli = AppGroup("index", help="The search index of this machine.")


def ensure_geography() -> None:
    """Seed provinces, districts and subdistricts unless they are already there."""
    if not is_seeded():
        added = seed_geography()
        db.session.commit()
        click.echo("geography: " + ", ".join(f"{n} {table}" for table, n in added.items()))


@geo_cli.command("seed")
def geo_seed() -> None:
    """Add any province, district or subdistrict the database lacks."""
    added = seed_geography()
    db.session.commit()
    click.echo("geography: " + ", ".join(f"{n} {table} added" for table, n in added.items()))


def _report_invalid(error: ContentInvalid) -> None:
    for problem in error.errors:
        click.echo(str(problem), err=True)
    click.echo(f"{len(error.errors)} error(s); nothing was loaded.", err=True)


@content_cli.command("load")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def content_load(directory: str | None) -> None:
    """Validate every file in DIRECTORY (default: content/), then load all of it or nothing."""
    ensure_geography()
    try:
        report = load_content(directory or current_app.config["CONTENT_DIR"])
    except ContentInvalid as error:
        _report_invalid(error)
        raise SystemExit(1) from None
    for type_, counts in report.counts.items():
        click.echo(f"{type_}: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items()))
    count = search.rebuild_index()
    click.echo(f"search index: {count} documents")


@index_cli.command("rebuild")
def index_rebuild() -> None:
    """Build a complete new index from the database beside the live one, then swap it in."""
    click.echo(f"search index: {search.rebuild_index()} documents")


@index_cli.command("status")
def index_status() -> None:
    """Where the live index is and how many documents it holds."""
    for key, value in search.index_status().items():
        click.echo(f"{key}: {value}")


@content_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def content_check(directory: str | None) -> None:
    """Validate DIRECTORY (default: content/) without loading anything."""
    ensure_geography()
    try:
        items = validate_content(directory or current_app.config["CONTENT_DIR"])
    except ContentInvalid as error:
        _report_invalid(error)
        raise SystemExit(1) from None
    click.echo(f"{len(items)} file(s) valid.")


@click.command("setup")
@click.option("--no-content", is_flag=True, help="Do not load content/.")
def setup_command(no_content: bool) -> None:
    """Upgrade the database schema, seed geography and load content/: all a new site needs."""
    upgrade()
    ensure_geography()
    if no_content:
        click.echo(f"search index: {search.rebuild_index()} documents")
    else:
        content_load.callback(None)


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(geo_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(index_cli)
    app.cli.add_command(setup_command)
