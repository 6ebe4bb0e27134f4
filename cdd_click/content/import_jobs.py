"""Spreadsheet imports as background jobs: an upload is checked (the preview) and, once its
editor confirms, imported, each in a daemon thread of the web process that received it, so no
request waits for a sheet of 100,000 rows.

Each run claims its job with one atomic UPDATE (a random ``runner`` id). A thread of its own
writes the progress and a heartbeat to the job's row about once a second, on its own
connection, in short transactions: never inside the import's transaction, and the import never
waits for it. The import writes everything in one transaction (``import_apply.apply_import``),
whose last statement marks the job done, and only if the run still owns it. A job whose runner
died (no heartbeat for ``IMPORT_JOB_STALE_SECONDS``) is claimed again by the next look at its
page, or by ``flask content import-jobs``; as nothing of a dead run was committed, it starts
over safely.

On PostgreSQL the import's transaction holds its items' rows as it writes them and takes
the outbox's advisory lock only for its last statements (``import_apply.apply_import``): an
editor's save of another item meanwhile commits at once. The progress writer touches only the
job's row, which the import locks in its last statement, after its last progress call. On
SQLite the import's transaction holds the one write lock, so rows written are recorded when it
commits (rows planned are recorded as they go).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from itertools import islice
from typing import Any, BinaryIO

from flask import Flask, current_app
from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.exc import OperationalError

from cdd_click import search
from cdd_click.content import import_apply, import_plan, import_planner, import_uploads, sheets
from cdd_click.extensions import db
from cdd_click.models import ImportJob, ImportUploadChunk, User
from cdd_click.models.common import utcnow

log = logging.getLogger(__name__)
KEEP_FOR = timedelta(days=1)  # an unconfirmed upload, and a finished job's report
STALE_SECONDS = 60.0  # no heartbeat for this long: the runner died (IMPORT_JOB_STALE_SECONDS)
PROGRESS_SECONDS = 1.0  # progress and heartbeat writes (IMPORT_JOB_PROGRESS_SECONDS)
PREVIEW_ROWS = 200  # rows listed in a preview; the counts cover them all
KEPT_REFUSALS = 1_000  # refusals kept for the page; the count covers them all
_JOBS = ImportJob.__table__


class JobLost(Exception):
    """Another runner claimed this job (this one was thought dead): stop, write nothing."""


def _setting(name: str, default: float) -> float:
    return float(current_app.config.get(name, default))


def _aware(moment):
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def create(user: User, filename: str, upload: BinaryIO) -> ImportJob:
    """Keep an upload (a seekable file, read a piece at a time) as a job waiting for its check,
    in one transaction; jobs finished or left unconfirmed for a day go at the same time."""
    old = utcnow() - KEEP_FOR
    gone = select(ImportJob.id).where(ImportJob.created_at < old, or_(
        ImportJob.state.not_in(ImportJob.RUNNING), ImportJob.heartbeat_at < old))
    db.session.execute(delete(ImportUploadChunk).where(ImportUploadChunk.job_id.in_(gone)))
    db.session.execute(delete(ImportJob).where(ImportJob.id.in_(gone)))
    job = ImportJob(user_id=user.id, filename=filename[:200], state="queued",
                    heartbeat_at=utcnow())
    db.session.add(job)
    db.session.flush()
    import_uploads.store(job.id, upload)
    db.session.commit()
    return job


def visible(job_id: int, user: User) -> ImportJob | None:
    """The job, if ``user`` may see it: its owner or an admin."""
    job = db.session.get(ImportJob, job_id)
    if job is None or not (job.user_id == user.id or user.is_admin):
        return None
    return job


def confirm(job_id: int, user: User) -> bool:
    """Queue the import of a checked upload of ``user``'s, not older than a day; False when
    there is none (someone else's, used up, expired, refused or with nothing to write)."""
    now = utcnow()
    done = db.session.execute(update(ImportJob).where(
        ImportJob.id == job_id, ImportJob.user_id == user.id, ImportJob.state == "checked",
        ImportJob.confirmed_at.is_(None), ImportJob.rows_to_write > 0,
        ImportJob.created_at >= now - KEEP_FOR,
    ).values(state="queued", confirmed_at=now, heartbeat_at=now, runner=None,
             rows_planned=0, rows_written=0).execution_options(synchronize_session=False))
    db.session.commit()
    return done.rowcount == 1


def is_stale(job: ImportJob) -> bool:
    """True when a running job's heartbeat stopped: its runner died."""
    limit = timedelta(seconds=_setting("IMPORT_JOB_STALE_SECONDS", STALE_SECONDS))
    return job.running and _aware(job.heartbeat_at) < utcnow() - limit


def start(job_id: int, fresh: bool = True) -> threading.Thread:
    """Run the job in a daemon thread of this process, with an app context of its own.
    ``fresh``: it may take a job just queued (else only one whose runner died)."""
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run_in, args=(app, job_id, fresh), daemon=True,
                              name=f"import-job-{job_id}")
    thread.start()
    return thread


def resume_if_stale(job: ImportJob) -> None:
    """A look at a job: if its runner died, run it again here."""
    if is_stale(job):
        start(job.id, fresh=False)


def run_pending() -> list[int]:
    """Run, one after another in this process, every job waiting to run or whose runner died
    (``flask content import-jobs``); returns the ids this process ran."""
    ran = []
    waiting = db.session.scalars(select(ImportJob).where(
        ImportJob.state.in_(ImportJob.RUNNING)).order_by(ImportJob.id)).all()
    for job in waiting:
        if (job.state == "queued" or is_stale(job)) and run(job.id):
            ran.append(job.id)
    return ran


def _run_in(app: Flask, job_id: int, fresh: bool) -> None:
    with app.app_context():
        run(job_id, fresh)


@contextmanager
def _own_connection(quick: bool = False) -> Iterator[Any]:
    """A short transaction on a connection of its own. ``quick``: on SQLite, give up at once
    when a writer (an import's transaction) holds the database, instead of waiting."""
    with db.engine.begin() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if quick and sqlite:
            connection.exec_driver_sql("PRAGMA busy_timeout=100")
        try:
            yield connection
        finally:
            if quick and sqlite:
                from cdd_click.sqlite_settings import BUSY_TIMEOUT_MS

                connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _claim(job_id: int, fresh: bool) -> str | None:
    """Make this run the job's runner; None when it is not to be run (running elsewhere,
    finished, or waiting for its confirmation)."""
    runner, now = secrets.token_hex(8), utcnow()
    stale = now - timedelta(seconds=_setting("IMPORT_JOB_STALE_SECONDS", STALE_SECONDS))
    takeable = _JOBS.c.state.in_(ImportJob.RUNNING) & (_JOBS.c.heartbeat_at < stale)
    if fresh:
        takeable = takeable | (_JOBS.c.state == "queued")
    try:
        with _own_connection(quick=not fresh) as connection:
            claimed = connection.execute(_JOBS.update().where(
                _JOBS.c.id == job_id, takeable).values(
                runner=runner, heartbeat_at=now, rows_planned=0, rows_written=0,
                state=case((_JOBS.c.confirmed_at.is_(None), "checking"), else_="planning")))
    except OperationalError:  # SQLite: an import is writing; its runner is alive
        return None
    return runner if claimed.rowcount == 1 else None


class Progress:
    """What a run has done so far, written to the job's row with a heartbeat by a thread of
    its own every ``IMPORT_JOB_PROGRESS_SECONDS``, on its own connection (throttled, never
    in the import's transaction). A write that finds the job no longer this run's sets
    ``lost``; the run's next report then raises ``JobLost``."""

    def __init__(self, app: Flask, job_id: int, runner: str):
        self.app, self.job_id, self.runner = app, job_id, runner
        self.every = _setting("IMPORT_JOB_PROGRESS_SECONDS", PROGRESS_SECONDS)
        self.values: dict[str, Any] = {}
        self.lost = False
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True,
                                        name=f"import-progress-{job_id}")

    def __enter__(self) -> Progress:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    def report(self, **values: Any) -> None:
        """Note progress (``rows_planned=…``, ``state=…``); written within a second."""
        if self.lost:
            raise JobLost(self.job_id)
        with self._lock:
            self.values.update(values)

    def _loop(self) -> None:
        with self.app.app_context():
            while not self._stop.wait(self.every):
                self._write()

    def _write(self) -> None:
        with self._lock:
            values = dict(self.values)
        try:
            with _own_connection() as connection:
                written = connection.execute(_JOBS.update().where(
                    _JOBS.c.id == self.job_id, _JOBS.c.runner == self.runner,
                    _JOBS.c.state.in_(ImportJob.RUNNING)).values(heartbeat_at=utcnow(),
                                                                 **values))
        except OperationalError:  # SQLite: the import's transaction holds the write lock
            return
        if written.rowcount == 0:
            self.lost = True


def run(job_id: int, fresh: bool = True) -> bool:
    """Claim the job and run its check or its import here; False when it was not ours to run.
    Any failure is recorded on the job (in Thai), never raised."""
    runner = _claim(job_id, fresh)
    if runner is None:
        return False
    app = current_app._get_current_object()
    with Progress(app, job_id, runner) as progress:
        try:
            job = db.session.get(ImportJob, job_id)
            user = db.session.get(User, job.user_id)
            with import_uploads.opened(job_id) as upload:
                workbook = sheets.read_workbook(job.filename, upload)
                (_import if job.confirmed else _check)(job, user, workbook, progress)
        except JobLost:
            db.session.rollback()
            log.info("import job %s: claimed by another runner; this run stopped", job_id)
        except sheets.SheetError as problem:
            db.session.rollback()
            _finish(job_id, runner, "refused", {"refusals": [str(problem)], "total": 1})
        except Exception:  # noqa: BLE001 - recorded on the job; nothing was committed
            db.session.rollback()
            log.exception("import job %s failed", job_id)
            _finish(job_id, runner, "failed", {"error": "เกิดข้อผิดพลาดระหว่างนำเข้า "
                                               "ยังไม่มีการบันทึกใด ๆ กรุณาลองอีกครั้ง"})
    return True


def _finish(job_id: int, runner: str, state: str, result: dict, **values: Any) -> None:
    """Record how a run ended (if the job is still this run's). A refused or failed upload's
    file is dropped; a checked one waits for its confirmation."""
    with _own_connection() as connection:
        ended = connection.execute(_JOBS.update().where(
            _JOBS.c.id == job_id, _JOBS.c.runner == runner,
            _JOBS.c.state.in_(ImportJob.RUNNING)).values(
            state=state, result=result, heartbeat_at=utcnow(),
            finished_at=None if state == "checked" else utcnow(), **values))
        if ended.rowcount == 1 and (state != "checked" or not values.get("rows_to_write")):
            import_uploads.drop(connection, job_id)


def _planned(job: ImportJob, user: User, workbook: sheets.Workbook,
             progress: Progress) -> tuple[import_plan.ImportPlan, int]:
    read = [0]

    def rows_read(count: int) -> None:
        read[0] = count
        progress.report(rows_planned=count)

    previewed = (job.plan_fingerprints or b"") if job.confirmed else None
    plan = import_planner.plan_import(workbook, user, rows_read, previewed)
    db.session.rollback()  # end the planning's read transaction before anything is written
    return plan, read[0]


def _refusals(plan: import_plan.ImportPlan) -> dict[str, Any]:
    return {"refusals": [str(r) for r in plan.refusals[:KEPT_REFUSALS]],
            "total": plan.refused_total}


def _check(job: ImportJob, user: User, workbook: sheets.Workbook, progress: Progress) -> None:
    """The preview: what the file would do, and every row it refuses; writes no content."""
    plan, rows = _planned(job, user, workbook, progress)
    try:
        counts = {action: plan.count(action) for action in ("create", "update", "unchanged")}
        shown = list(islice((row for row in plan.iter_rows() if row.action != "unchanged"),
                            PREVIEW_ROWS))
        result = {**counts, **_refusals(plan), "sheet_label": plan.sheet_label,
                  "notices": plan.notices[:KEPT_REFUSALS], "rows": [
            {"sheet": r.sheet, "row": r.row, "type": r.type, "action": r.action,
             "title": r.title, "slug": r.slug, "province": r.province,
             "approximate": r.approximate, "changes": [list(c) for c in r.changes],
             "near": r.near}
            for r in shown]}
        _finish(job.id, progress.runner, "checked" if plan.ok else "refused", result,
                rows_total=rows, rows_planned=rows,
                rows_to_write=counts["create"] + counts["update"],
                plan_fingerprints=plan.fingerprints() if plan.ok else None)
    finally:
        plan.close()


def _import(job: ImportJob, user: User, workbook: sheets.Workbook, progress: Progress) -> None:
    """Plan the file again against the database as it is now, then write all of it in one
    transaction whose last statement marks the job done, or nothing."""
    plan, rows = _planned(job, user, workbook, progress)
    try:
        if not plan.ok:  # the database changed since the preview
            _finish(job.id, progress.runner, "refused", {**_refusals(plan), "changed": True},
                    rows_planned=rows)
            return
        to_write = plan.count("create") + plan.count("update")
        progress.report(state="writing", rows_planned=rows, rows_to_write=to_write)

        def mark_done(report: import_apply.ImportReport) -> None:
            progress.report()  # raises JobLost if another runner has claimed the job
            marked = db.session.execute(update(ImportJob).where(
                ImportJob.id == job.id, ImportJob.runner == progress.runner,
                ImportJob.state.in_(ImportJob.RUNNING)).values(
                state="done", finished_at=utcnow(), heartbeat_at=utcnow(),
                rows_planned=rows, rows_to_write=to_write,
                rows_written=report.created + report.updated,
                result={"created": report.created, "updated": report.updated,
                        "unchanged": report.unchanged, "types": sorted(plan.types)},
            ).execution_options(synchronize_session=False))
            if marked.rowcount != 1:
                raise JobLost(job.id)
            import_uploads.drop(db.session, job.id)

        try:
            import_apply.apply_import(plan, user,
                                      lambda written: progress.report(rows_written=written),
                                      mark_done)
        except import_plan.ImportRefused:  # an item moved on while the import was writing
            _finish(job.id, progress.runner, "refused", {**_refusals(plan), "changed": True},
                    rows_planned=rows)
            return
    finally:
        plan.close()
    search.after_commit()
