"""Flask commands: ``setup``, ``geo seed|centroids``, ``content load|check|export|import``,
``index``, ``users``, ``photos purge-pending``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from sqlalchemy import select

from cdd_click import accounts, search
from cdd_click.admin.forms import login_email_errors
from cdd_click.content import ContentInvalid, KnownAreas, load_content, validate_content
from cdd_click.content.export import ExportRefused, export_content
from cdd_click.content.sheet_export import write_workbook
from cdd_click.extensions import db
from cdd_click.geography import is_seeded, load_centroids, province_names, seed_geography
from cdd_click.models import User

geo_cli = AppGroup("geo", help="Administrative geography from the geothai package.")
content_cli = AppGroup("content", help="Content files (content/) to the database.")
index_cli = AppGroup("index", help="The search index of this machine.")
users_cli = AppGroup("users", help="Staff accounts.")
photos_cli = AppGroup("photos", help="Uploaded photos.")


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


@geo_cli.command("centroids")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def geo_centroids(path: str | None) -> None:
    """Load tambon centroids from PATH (default: TAMBON_CENTROIDS), a CSV with the columns
    SUB_DISTRICT_CODE, LATITUDE and LONGITUDE; imported villages without coordinates are put
    there, marked approximate."""
    path = path or current_app.config["TAMBON_CENTROIDS"]
    if not path or not os.path.isfile(path):
        raise click.ClickException(f"no centroid file: {path or 'TAMBON_CENTROIDS is not set'}")
    count = load_centroids(path)
    db.session.commit()
    click.echo(f"centroids: {count} subdistricts from {path}")


@geo_cli.command("outline")
@click.argument("topojson", type=click.Path(dir_okay=False, exists=True))
def geo_outline(topojson: str) -> None:
    """Write static/img/thailand.svg, the locator maps' outline, from TOPOJSON: the
    countries-50m.json of the world-atlas npm package (Natural Earth, public domain), e.g.
    `npm pack world-atlas@2 && tar xzf world-atlas-2*.tgz` gives package/countries-50m.json."""
    from pathlib import Path

    from cdd_click.maps.locator import write_outline

    target = Path(current_app.static_folder) / "img" / "thailand.svg"
    size = write_outline(Path(topojson), target)
    click.echo(f"outline: {target} ({size:,} characters of path)")


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


@content_cli.command("export")
@click.argument("directory", type=click.Path())
def content_export(directory: str) -> None:
    """Write the database back as content/ files (villages, listings, articles, media). The
    export replaces DIR only once it is complete; DIR must be new, empty or a content folder."""
    try:
        counts = export_content(directory)
    except ExportRefused as refused:
        click.echo(str(refused), err=True)
        raise SystemExit(1) from None
    click.echo(", ".join(f"{n} {folder}" for folder, n in counts.items()) + f" -> {directory}")


@content_cli.command("export-sheet")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--province", "provinces", multiple=True,
              help="2-digit province code (repeatable); default: every province")
def content_export_sheet(file: str, provinces: tuple[str, ...]) -> None:
    """Write villages and listings as the import template (.xlsx), to edit and import back."""
    known = province_names()
    unknown = [code for code in provinces if code not in known]
    if unknown:
        click.echo(f"unknown province code(s): {', '.join(unknown)}", err=True)
        raise SystemExit(1)
    target = Path(file)
    partial = target.with_name(f".{target.name}.partial")
    with partial.open("wb") as out:
        counts = write_workbook(out, list(provinces) or None)
    partial.replace(target)  # whole or not at all
    click.echo(f"{counts['village']} villages, {counts['listing']} listings -> {file}")


def _read_password(confirm: bool = True) -> str:
    """From a prompt on a terminal, else the first line of standard input (never argv)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "editor"]), required=True)
@click.option("--province", "provinces", multiple=True, help="2-digit province code (repeat)")
def users_create(email: str, role: str, provinces: tuple[str, ...]) -> None:
    """Create an account; the password is read from a prompt or standard input."""
    if login_email_errors(email):  # the same check as the login form: the account must sign in
        raise click.ClickException(f"invalid e-mail address / อีเมลไม่ถูกต้อง: {email!r}")
    try:
        user = accounts.create_user(email, _read_password(), role, provinces)
    except accounts.AccountError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"created {user.email} ({user.role})")


@users_cli.command("list")
def users_list() -> None:
    """Every account with its role, provinces and state."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "disabled"
        codes = ",".join(sorted(user.province_codes)) or "-"
        click.echo(f"{user.email}\t{user.role}\t{codes}\t{state}")


def _account(email: str) -> User:
    """The account, or a clear error."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no account {email}")
    return user


@users_cli.command("disable")
@click.argument("email")
def users_disable(email: str) -> None:
    """Disable an account (it can no longer sign in)."""
    user = _account(email)
    user.active = False
    db.session.commit()
    click.echo(f"disabled {user.email}")


@users_cli.command("set-password")
@click.argument("email")
def users_set_password(email: str) -> None:
    """Set a new password, read from a prompt or standard input."""
    user = _account(email)
    try:
        accounts.update_user(user, user.role, user.province_codes, user.active, _read_password())
    except accounts.AccountError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"password changed for {user.email}")


@index_cli.command("rebuild")
@click.option("--nice", "niceness", type=click.IntRange(0, 19), default=10, show_default=True,
              help="scheduling niceness of the build: the web workers keep the CPU first")
def index_rebuild(niceness: int) -> None:
    """Build a complete new index from the database beside the live one, then swap it in.

    Searches and publishes go on using the live index meanwhile."""
    if niceness:
        os.nice(niceness)
    click.echo(f"search index: {search.rebuild_index()} documents")


@index_cli.command("status")
def index_status() -> None:
    """Where the live index is and how many documents it holds."""
    for key, value in search.index_status().items():
        click.echo(f"{key}: {value}")


@content_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and say what it would do; write "
              "nothing.")
@click.option("--as", "as_email", help="Import as this staff account: only its provinces.")
def content_import(file: str, dry_run: bool, as_email: str | None) -> None:
    """Import villages and listings from FILE (.xlsx, .csv or a .zip with photos): every row
    checked first, then all of it written in one transaction, or nothing."""
    from cdd_click.content import importer, sheets

    user = _account(as_email) if as_email else None
    try:
        with open(file, "rb") as handle:
            workbook = sheets.read_workbook(os.path.basename(file), handle)
            plan = importer.plan_import(workbook, user)
    except sheets.SheetError as problem:
        raise click.ClickException(f"{file}: {problem}") from None
    for notice in plan.notices:
        click.echo(f"{file}: {notice}", err=True)
    for refusal in plan.refusals:
        click.echo(f"{file}: {refusal}", err=True)
    if plan.refused_total > len(plan.refusals):
        click.echo(f"{file}: … and {plan.refused_total - len(plan.refusals)} more", err=True)
    summary = (f"{plan.count('create')} to create, {plan.count('update')} to update, "
               f"{plan.count('unchanged')} unchanged, {plan.refused_total} refused")
    if not plan.ok:
        click.echo(f"{summary}; nothing was imported.", err=True)
        raise SystemExit(1)
    if dry_run:
        click.echo(f"{summary} (dry run: nothing written)")
        return
    report = importer.apply_import(plan, user)
    click.echo(f"imported: {report.created} created, {report.updated} updated, "
               f"{report.unchanged} unchanged")
    try:
        click.echo(f"search index: {search.catch_up_all()}")
    except search.SearchUnavailable:  # no index on this machine yet, or a broken one
        click.echo(f"search index: rebuilt, {search.rebuild_index()} documents")


@content_cli.command("import-jobs")
def content_import_jobs() -> None:
    """Run the admin's import jobs that are waiting, or whose process died, here, one after
    another (a web worker also resumes a dead one when its page is looked at)."""
    from cdd_click.content import import_jobs

    ran = import_jobs.run_pending()
    click.echo(f"import jobs run: {', '.join(map(str, ran)) or 'none waiting'}")


@content_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def content_check(directory: str | None) -> None:
    """Validate DIRECTORY (default: content/) without loading anything.

    Only reads the database (it may be read-only): it does not even seed geography, but checks
    codes against the areas a load would seed.
    """
    try:
        items = validate_content(directory or current_app.config["CONTENT_DIR"],
                                 KnownAreas.for_load())
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
    centroids = current_app.config["TAMBON_CENTROIDS"]
    if centroids and os.path.isfile(centroids):
        geo_centroids.callback(centroids)
    else:
        click.echo(f"warning: no tambon centroid file at {centroids or '(TAMBON_CENTROIDS unset)'}"
                   ": villages without coordinates will be refused by the import and placed "
                   "nowhere on maps; set TAMBON_CENTROIDS or restore cdd_click/data/"
                   "tambon_centroids.csv", err=True)
    if no_content:
        click.echo(f"search index: {search.rebuild_index()} documents")
    else:
        content_load.callback(None)


@photos_cli.command("purge-pending")
def photos_purge_pending() -> None:
    """Forget photos kept from failed form saves more than a day ago."""
    from cdd_click import pending_photos

    count = pending_photos.purge_old()
    db.session.commit()
    click.echo(f"pending photos purged: {count}")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(geo_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(index_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(photos_cli)
    app.cli.add_command(setup_command)
