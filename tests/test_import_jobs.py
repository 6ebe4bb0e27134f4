"""Imports through the admin run as background jobs: the confirmation answers at once, the job
page shows its progress and then its report, only its owner or an admin sees it, and a job whose
process died is run again, once."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from cdd_click.content import import_apply, import_jobs, import_plan, import_planner, importer
from cdd_click.extensions import db
from cdd_click.models import ImportJob, ImportUploadChunk, Revision, Village
from cdd_click.models.common import utcnow
from tests.admin_helpers import login, make_staff, token
from tests.test_import import VILLAGE_HEAD, _upload, centroids, finished  # noqa: F401

ROWS = 20
WAIT = 30.0  # seconds a paused job waits for the test at most


def _sheet(rows: int = ROWS, prefix: str = "J") -> bytes:
    lines = [VILLAGE_HEAD] + [
        f"{prefix}-{n},บ้านงานนำเข้า{prefix}{n},Ban Job {prefix} {n},หมู่บ้านทดสอบ,ต.ห้วยแก้ว,"
        f"อ.แม่ออน,จ.เชียงใหม่,{n % 20 + 1},18.86,99.35" for n in range(rows)]
    return "\n".join(lines).encode()


def _villages(prefix: str = "J") -> int:
    return db.session.scalar(select(func.count()).select_from(Village).where(
        Village.external_id.like(f"{prefix}-%")))


def _revisions() -> int:
    return db.session.scalar(select(func.count()).select_from(Revision))


def _checked(client, data: bytes = None) -> tuple[str, str]:
    """(job page, confirm URL) of an upload checked and waiting for its confirmation."""
    job = _upload(client, "villages.csv", data or _sheet())
    assert job.status_code == 303
    page = finished(client, job.location).get_data(as_text=True)
    assert f"เพิ่มใหม่ {ROWS} แถว" in page, page
    return job.location, re.search(r'action="(/admin/import/jobs/\d+/confirm)"', page).group(1)


def _poll(client, url: str, wanted: str, deadline: float = WAIT) -> str:
    """The job page once it says ``wanted`` (polled until ``deadline`` seconds)."""
    import time

    ends = time.monotonic() + deadline
    while True:
        text = client.get(url).get_data(as_text=True)
        if wanted in text:
            return text
        assert time.monotonic() < ends, f"never saw {wanted!r}: {text[:2000]}"
        time.sleep(0.05)  # a poll interval: the loop waits for what the page says


class Pause:
    """Stops the import stage of a job at a chosen row (planned, then written) until the test
    has looked; the check stage runs through."""

    def __init__(self, monkeypatch, planned_at: int, written_at: int | None):
        self.reached_plan, self.reached_write = threading.Event(), threading.Event()
        self.release_plan, self.release_write = threading.Event(), threading.Event()
        self.armed = False
        plan, apply = import_planner.plan_import, import_apply.apply_import

        def paused_plan(workbook, user=None, progress=None, previewed=None):
            def counting(rows: int) -> None:
                progress(rows)
                if self.armed and rows == planned_at:
                    self.reached_plan.set()
                    assert self.release_plan.wait(WAIT)
            return plan(workbook, user, counting, previewed)

        def paused_apply(plan_, user=None, progress=None, before_commit=None):
            def counting(rows: int) -> None:
                progress(rows)
                if written_at is not None and rows == written_at:
                    self.reached_write.set()
                    assert self.release_write.wait(WAIT)
            return apply(plan_, user, counting, before_commit)

        monkeypatch.setattr(import_planner, "plan_import", paused_plan)
        monkeypatch.setattr(import_apply, "apply_import", paused_apply)


@pytest.fixture
def staff(app, centroids):  # noqa: F811 - the fixture of tests.test_import
    make_staff()
    app.config["IMPORT_JOB_PROGRESS_SECONDS"] = 0.05
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    return client


def test_the_confirmation_answers_at_once_and_the_page_shows_progress_then_the_report(
        app, staff, databases, monkeypatch):
    monkeypatch.setattr(import_plan, "CHUNK", 5)
    postgres = databases.postgres
    pause = Pause(monkeypatch, planned_at=10, written_at=5 if postgres else None)
    job_url, confirm = _checked(staff)
    pause.armed = True
    before = _revisions()

    answer = staff.post(confirm, data={"csrf_token": token(staff, "/admin/import")})
    assert answer.status_code == 303 and answer.location.endswith(job_url)
    assert pause.reached_plan.wait(WAIT)  # the job runs on while nothing is written yet
    assert _villages() == 0
    page = _poll(staff, job_url, f"ตรวจแล้ว 10 จาก {ROWS} แถว")
    assert 'data-state="planning"' in page and 'http-equiv="refresh"' in page
    pause.release_plan.set()
    if postgres:  # SQLite: the import's transaction holds the one write lock until it commits
        assert pause.reached_write.wait(WAIT)
        page = _poll(staff, job_url, f"บันทึกแล้ว 5 จาก {ROWS} แถว")
        assert 'data-state="writing"' in page and _villages() == 0  # one transaction
        pause.release_write.set()

    done = finished(staff, job_url).get_data(as_text=True)
    assert f"นำเข้าแล้ว: เพิ่ม {ROWS} รายการ แก้ไข 0 รายการ ไม่เปลี่ยน 0 รายการ" in done
    assert 'http-equiv="refresh"' not in done
    assert _villages() == ROWS and _revisions() == before + ROWS
    job = db.session.scalar(select(ImportJob))
    assert (job.state, job.rows_written) == ("done", ROWS)
    assert db.session.scalar(select(func.count()).select_from(ImportUploadChunk)) == 0


def test_only_the_owner_or_an_admin_sees_a_job(app, staff):
    job_url, confirm = _checked(staff)
    other = app.test_client()
    login(other, "ks@cdd.go.th")
    assert other.get(job_url).status_code == 404
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    seen = admin.get(job_url)
    assert seen.status_code == 200 and "บ้านงานนำเข้าJ0" in seen.get_data(as_text=True)
    assert "ยืนยันนำเข้า" not in seen.get_data(as_text=True)  # only its owner confirms
    refused = admin.post(confirm, data={"csrf_token": token(admin, "/admin/import")})
    assert refused.status_code == 303 and _villages() == 0


def _left_running(staff, job_url: str, confirm: str) -> int:
    """A confirmed job as a process killed while writing leaves it: state writing, an old
    heartbeat, its runner gone, and (its transaction never committed) nothing written."""
    job_id = int(job_url.rsplit("/", 1)[1])
    db.session.execute(update(ImportJob).where(ImportJob.id == job_id).values(
        state="writing", confirmed_at=utcnow(), runner="killed", rows_written=15,
        heartbeat_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    return job_id


def test_a_job_whose_process_died_is_run_again_once_by_the_next_look(app, staff):
    job_url, confirm = _checked(staff)
    _left_running(staff, job_url, confirm)
    before = _revisions()
    looks = [staff.get(job_url) for _ in range(3)]  # each look may resume it; one run wins
    assert all(look.status_code == 200 for look in looks)
    done = finished(staff, job_url).get_data(as_text=True)
    assert f"นำเข้าแล้ว: เพิ่ม {ROWS} รายการ" in done
    assert _villages() == ROWS and _revisions() == before + ROWS  # once, no duplicates
    assert "นำเข้าแล้ว" in finished(staff, job_url).get_data(as_text=True)
    assert _villages() == ROWS


def test_a_fresh_heartbeat_is_left_alone_and_the_command_line_runs_a_dead_job(app, staff):
    job_url, confirm = _checked(staff)
    job_id = _left_running(staff, job_url, confirm)
    db.session.execute(update(ImportJob).values(heartbeat_at=utcnow()))
    db.session.commit()
    assert 'data-state="writing"' in staff.get(job_url).get_data(as_text=True)
    assert import_jobs.run(job_id, fresh=False) is False  # its runner is alive: not ours
    assert _villages() == 0

    db.session.execute(update(ImportJob).values(heartbeat_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["content", "import-jobs"])
    assert result.exit_code == 0 and f"import jobs run: {job_id}" in result.output
    assert _villages() == ROWS
    again = app.test_cli_runner().invoke(args=["content", "import-jobs"])
    assert "none waiting" in again.output and _villages() == ROWS


def test_an_editor_save_during_an_import_neither_waits_for_it_nor_deadlocks(
        app, staff, databases, monkeypatch):
    """PostgreSQL: the import pauses after its first batch, holding that batch's rows. A save
    of an item the import has not reached yet takes its row and the outbox lock and commits
    at once (it waits for no batch, let alone the whole import); when the import reaches that
    item, its version has moved on, so the import refuses the row and writes nothing."""
    if not databases.postgres:
        pytest.skip("SQLite lets one transaction write at a time: a save waits for the import")
    from cdd_click import publishing

    monkeypatch.setattr(import_plan, "CHUNK", 5)
    first = finished(staff, _upload(staff, "villages.csv", _sheet()).location)
    staff.post(re.search(r'action="(/admin/import/jobs/\d+/confirm)"',
                         first.get_data(as_text=True)).group(1),
               data={"csrf_token": token(staff, "/admin/import")})
    assert "นำเข้าแล้ว" in finished(staff, first.request.path).get_data(as_text=True)
    assert _villages() == ROWS

    pause = Pause(monkeypatch, planned_at=-1, written_at=5)
    second = _sheet().replace("หมู่บ้านทดสอบ".encode(), "หมู่บ้านทดสอบรอบสอง".encode())
    job = _upload(staff, "villages.csv", second)
    page = finished(staff, job.location).get_data(as_text=True)
    assert f"แก้ไข {ROWS} แถว" in page
    confirm = re.search(r'action="(/admin/import/jobs/\d+/confirm)"', page).group(1)
    staff.post(confirm, data={"csrf_token": token(staff, "/admin/import")})
    assert pause.reached_write.wait(WAIT)  # rows J-0 … J-4 written and held, not committed

    saved, failed = threading.Event(), []

    def save_elsewhere() -> None:  # another request, on its own connection
        with app.app_context():
            try:
                village = db.session.scalar(select(Village).where(Village.external_id == "J-15"))
                publishing.save(village, {"summary": "แก้ระหว่างนำเข้า"}, None, village.version)
                saved.set()
            except Exception as problem:  # noqa: BLE001 - reported below
                failed.append(problem)

    editor = threading.Thread(target=save_elsewhere, daemon=True)
    editor.start()
    editor.join(10.0)
    waited = editor.is_alive()
    pause.release_write.set()  # let the import go on (also when the save was stuck)
    editor.join(WAIT)
    assert not waited, "the save waited for the import"
    assert saved.is_set() and not failed, failed

    report = finished(staff, job.location).get_data(as_text=True)
    assert "แถว 17: " + importer.CHANGED_SINCE_PREVIEW in report  # J-15 is the 17th sheet row
    db.session.expire_all()
    summaries = dict(db.session.execute(select(Village.external_id, Village.summary)).all())
    assert summaries["J-15"] == "แก้ระหว่างนำเข้า"
    assert summaries["J-0"] == "หมู่บ้านทดสอบ"  # the import wrote nothing
