"""Visitors report a problem; the district's editors see and resolve it (issue 24, points 1-2)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from cdd_click import reports
from cdd_click.extensions import db
from cdd_click.models import Listing, ProblemReport, Status, Village
from tests.admin_helpers import build_site, ids, login

PAGES = {"villages": "ban-test", "listings": "test-coffee", "articles": "test-article"}
FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def site(app, content_tree):
    build_site(content_tree)
    return app


def form_of(visitor, url: str) -> dict[str, str]:
    page = visitor.get(url)
    assert page.status_code == 200, url
    body = page.get_data(as_text=True)
    return {"csrf_token": CSRF.search(body).group(1), "token": FORM_TOKEN.search(body).group(1)}


def report(visitor, url: str = "/listings/test-coffee/report", address: str = "203.0.113.7",
           **fields):
    data = {**form_of(visitor, url), "kind": "contact", "note": "เบอร์โทรไม่มีผู้รับสาย",
            "contact": "081-000-0000", **fields}
    return visitor.post(url, data=data, environ_base={"REMOTE_ADDR": address})


def stored() -> list[ProblemReport]:
    db.session.expire_all()
    return list(db.session.scalars(select(ProblemReport).order_by(ProblemReport.id)))


# --- the form --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("section", sorted(PAGES))
def test_every_item_page_links_to_its_report_form_in_both_languages(site, prefix, section):
    visitor = site.test_client()
    page = visitor.get(f"{prefix}/{section}/{PAGES[section]}").get_data(as_text=True)
    link = f'href="{prefix}/{section}/{PAGES[section]}/report"'
    assert link in page
    assert ("Report a problem" if prefix else "แจ้งข้อมูลไม่ถูกต้อง") in page
    form = visitor.get(f"{prefix}/{section}/{PAGES[section]}/report")
    body = form.get_data(as_text=True)
    assert form.status_code == 200
    for control in ("report-note", "report-contact"):  # every field has its label
        assert f'<label for="{control}">' in body and f'id="{control}"' in body
    assert "<legend>" in body and body.count('type="radio" name="kind"') == len(reports.KINDS)
    if prefix:
        assert "What is wrong" in body and "Permanently closed" in body


def test_a_report_is_stored_and_the_thank_you_page_names_the_district_office(site):
    visitor = site.test_client()
    response = report(visitor)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/listings/test-coffee/report/thanks")
    thanks = visitor.get("/listings/test-coffee/report/thanks").get_data(as_text=True)
    assert "สำนักงานพัฒนาชุมชนอำเภอ" in thanks
    (row,) = stored()
    listing = db.session.get(Listing, ids()["listing"])
    assert (row.item_type, row.item_id, row.kind, row.state) == ("listing", listing.id,
                                                                 "contact", "open")
    assert row.province_code == "50" and row.contact == "081-000-0000"
    # nothing about the visitor but what they typed: no address anywhere in the row
    assert "203.0.113.7" not in repr(vars(row))
    english = site.test_client()
    report(english, "/en/listings/test-coffee/report")
    assert "District Community Development Office" in english.get(
        "/en/listings/test-coffee/report/thanks").get_data(as_text=True)


def test_a_national_article_is_the_department_s(site):
    visitor = site.test_client()
    report(visitor, "/articles/test-article/report", kind="other", note="ลิงก์เสีย")
    assert "กรมการพัฒนาชุมชน" in visitor.get(
        "/articles/test-article/report/thanks").get_data(as_text=True)
    assert stored()[0].province_code is None


def test_the_honeypot_stores_nothing(site):
    visitor = site.test_client()
    response = report(visitor, website="http://spam.example")
    assert response.status_code == 303  # a bot is thanked like anyone
    assert stored() == []


def test_a_double_submit_is_one_report(site):
    visitor = site.test_client()
    data = {**form_of(visitor, "/listings/test-coffee/report"), "kind": "closed", "note": ""}
    for _ in range(3):
        assert visitor.post("/listings/test-coffee/report", data=data).status_code == 303
    assert len(stored()) == 1


def test_many_reports_from_one_address_are_held_to_the_limit(site):
    site.config["REPORT_RATE_LIMIT"] = "5 per minute"
    visitor = site.test_client()
    answers = [report(visitor, note=f"ครั้งที่ {n}").status_code for n in range(200)]
    assert answers.count(303) == 5 and answers.count(429) == 195
    assert len(stored()) == 5
    # another address is not held by the first one's reports
    assert report(site.test_client(), address="198.51.100.9").status_code == 303


@pytest.mark.parametrize("fields, status", [
    ({"kind": "nonsense"}, 422),
    ({"kind": ""}, 422),
    ({"kind": "other", "note": ""}, 422),
    ({"note": "ก" * (reports.NOTE_MAX + 1)}, 422),
    ({"contact": "1" * (reports.CONTACT_MAX + 1)}, 422),
    ({"token": "short"}, 400),
    ({"token": "x" * 500}, 400),
    ({"csrf_token": "forged"}, 400),
])
def test_odd_input_gets_a_page_never_a_500(site, fields, status):
    response = report(site.test_client(), **fields)
    assert response.status_code == status
    assert "<html" in response.get_data(as_text=True)
    assert stored() == []


def test_the_error_summary_links_to_the_wrong_field(site):
    body = report(site.test_client(), kind="other", note="").get_data(as_text=True)
    assert 'id="error-summary"' in body and 'href="#report-note"' in body
    unchosen = report(site.test_client(), kind="").get_data(as_text=True)
    assert 'href="#report-kind-closed"' in unchosen and 'id="report-kind-closed"' in unchosen
    assert 'aria-invalid="true" aria-describedby="report-note-errors"' in body


def test_nul_bytes_and_controls_are_stripped(site):
    assert report(site.test_client(), note="เบอร์\x00ผิด\x07", contact="08\x001").status_code \
        == 303
    (row,) = stored()
    assert row.note == "เบอร์ผิด" and row.contact == "081"


@pytest.mark.parametrize("url", ["/listings/no-such-thing/report", "/villages/nope/report",
                                 "/articles/none/report/thanks", "/en/listings/x/report"])
def test_an_unknown_item_is_not_found(site, url):
    assert site.test_client().get(url).status_code == 404


def test_a_draft_cannot_be_reported(site):
    visitor = site.test_client()
    data = form_of(visitor, "/listings/test-coffee/report")
    listing = db.session.get(Listing, ids()["listing"])
    listing.status = Status.DRAFT
    db.session.commit()
    assert visitor.get("/listings/test-coffee/report").status_code == 404
    assert visitor.post("/listings/test-coffee/report",
                        data={**data, "kind": "closed"}).status_code == 404
    assert stored() == []


# --- the queue -------------------------------------------------------------------------------


def test_an_editor_sees_their_province_s_reports_only(site):
    report(site.test_client())  # a Chiang Mai listing
    report(site.test_client(), "/villages/ban-kalasin/report", kind="location",
           note="หมุดอยู่ผิดตำบล", address="198.51.100.1")
    editor, other, admin = (site.test_client() for _ in range(3))
    login(editor, "cm@cdd.go.th")
    login(other, "ks@cdd.go.th")
    login(admin, "admin@cdd.go.th")
    mine = editor.get("/admin/reports").get_data(as_text=True)
    assert "กาแฟทดสอบ" in mine and "บ้านกาฬสินธุ์ทดสอบ" not in mine
    assert "081-000-0000" in mine  # the contact, for staff only
    assert f'href="/admin/listings/{ids()["listing"]}/edit"' in mine
    assert 'href="/listings/test-coffee"' in mine
    theirs = other.get("/admin/reports").get_data(as_text=True)
    assert "บ้านกาฬสินธุ์ทดสอบ" in theirs and "กาแฟทดสอบ" not in theirs
    everything = admin.get("/admin/reports").get_data(as_text=True)
    assert "กาแฟทดสอบ" in everything and "บ้านกาฬสินธุ์ทดสอบ" in everything
    assert "(2)" in everything and "(1)" in mine  # the menu's open count


def test_a_report_follows_its_item_to_another_province(site):
    report(site.test_client())  # a Chiang Mai listing
    listing = db.session.get(Listing, ids()["listing"])
    listing.village_id = ids()["other_village"]  # now a Kalasin village's
    db.session.commit()
    assert stored()[0].province_code == "46"
    other = site.test_client()
    login(other, "ks@cdd.go.th")
    assert "กาแฟทดสอบ" in other.get("/admin/reports").get_data(as_text=True)
    village = db.session.get(Village, ids()["other_village"])
    village.subdistrict_code = "502304"  # the village itself moves back to Chiang Mai
    db.session.commit()
    assert stored()[0].province_code == "50"


def test_the_queue_is_oldest_first_fifty_a_page(site):
    listing = db.session.get(Listing, ids()["listing"])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    db.session.add_all(ProblemReport(item_type="listing", item_id=listing.id, province_code="50",
                                     kind="other", note=f"เรื่องที่ {n:03d}", token=f"t{n:030d}",
                                     created_at=start + dt.timedelta(hours=n), state="open")
                       for n in range(60))
    db.session.commit()
    editor = site.test_client()
    login(editor, "cm@cdd.go.th")
    first = editor.get("/admin/reports").get_data(as_text=True)
    notes = re.findall(r"เรื่องที่ (\d{3})", first)
    assert notes == [f"{n:03d}" for n in range(50)]
    second = editor.get("/admin/reports?page=2").get_data(as_text=True)
    assert re.findall(r"เรื่องที่ (\d{3})", second) == [f"{n:03d}" for n in range(50, 60)]
    assert editor.get("/admin/reports?page=x%00").status_code == 200


def resolve(client, report_id: int, state: str = "fixed", note: str = "โทรยืนยันแล้ว"):
    page = client.get("/admin/reports").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    return client.post(f"/admin/reports/{report_id}/resolve",
                       data={"csrf_token": csrf, "state": state, "resolution_note": note})


def test_resolving_closes_the_report_and_deletes_the_contact(site):
    report(site.test_client())
    (row,) = stored()
    other, editor = site.test_client(), site.test_client()
    login(other, "ks@cdd.go.th")
    assert resolve(other, row.id).status_code == 403  # another province's report
    assert stored()[0].state == "open" and stored()[0].contact
    login(editor, "cm@cdd.go.th")
    assert resolve(editor, row.id, "bogus").status_code == 303
    assert stored()[0].state == "open"
    assert resolve(editor, row.id).status_code == 303
    (row,) = stored()
    assert row.state == "fixed" and row.contact is None  # PDPA: deleted when closed
    assert row.resolution_note == "โทรยืนยันแล้ว" and row.resolved_by_id == ids()["user"]
    assert row.resolved_at is not None
    assert "081-000-0000" not in editor.get("/admin/reports").get_data(as_text=True)
    assert resolve(editor, row.id, "duplicate").status_code == 303  # closed already: refused
    assert stored()[0].state == "fixed"
    assert resolve(editor, 999_999).status_code == 404


# --- the page's notice -----------------------------------------------------------------------


def test_the_notice_appears_and_disappears_through_the_page_cache(site):
    visitor = site.test_client()  # never posts: its pages come from the cache
    url = "/listings/test-coffee"
    assert visitor.get(url).headers["X-Page-Cache"] == "miss"
    assert visitor.get(url).headers["X-Page-Cache"] == "hit"
    assert "มีผู้แจ้งว่า" not in visitor.get(url).get_data(as_text=True)
    report(site.test_client(), note="")  # a wrong phone: the page says so
    shown = visitor.get(url)
    assert shown.headers["X-Page-Cache"] == "miss"
    assert ("มีผู้แจ้งว่าเบอร์โทรหรือ LINE ไม่ถูกต้อง: สำนักงานพัฒนาชุมชนอำเภอ"
            in shown.get_data(as_text=True))
    assert "someone reported" in visitor.get("/en" + url).get_data(as_text=True).lower()
    assert visitor.get(url).headers["X-Page-Cache"] == "hit"
    report(site.test_client(), kind="price_hours", address="198.51.100.2")  # says nothing
    assert visitor.get(url).headers["X-Page-Cache"] == "hit"
    editor = site.test_client()
    login(editor, "cm@cdd.go.th")
    contact_report = stored()[0]
    resolve(editor, contact_report.id)
    gone = visitor.get(url)
    assert gone.headers["X-Page-Cache"] == "miss"
    assert "มีผู้แจ้งว่า" not in gone.get_data(as_text=True)


def test_a_notice_stays_while_another_report_of_its_kind_is_open(site):
    report(site.test_client(), "/villages/ban-test/report", kind="closed", note="")
    report(site.test_client(), "/villages/ban-test/report", kind="closed", note="",
           address="198.51.100.3")
    first, _second = stored()
    editor = site.test_client()
    login(editor, "cm@cdd.go.th")
    resolve(editor, first.id, "duplicate")
    page = site.test_client().get("/villages/ban-test").get_data(as_text=True)
    assert page.count("มีผู้แจ้งว่าที่นี่ปิดกิจการถาวรแล้ว") == 1


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_counts_open_reports_per_province_with_their_median_age(site):
    now = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    listing_id, kalasin = ids()["listing"], ids()["other_village"]

    def add(province, item_type, item_id, days, state="open"):
        number = db.session.scalar(select(func.count()).select_from(ProblemReport))
        db.session.add(ProblemReport(item_type=item_type, item_id=item_id,
                                     province_code=province, kind="other", note="",
                                     token=f"token-{number:020d}",
                                     created_at=now - dt.timedelta(days=days), state=state))
        db.session.commit()

    for days in (1, 3, 10, 40):  # Chiang Mai: median of 4 = (3 + 10) / 2
        add("50", "listing", listing_id, days)
    add("50", "listing", listing_id, 400, "fixed")  # closed: not counted
    for days in (2, 5, 90):  # Kalasin: median of 3 = 5
        add("46", "village", kalasin, days)
    editor = db.session.scalar(select(reports.User).where(reports.User.email == "cm@cdd.go.th"))
    admin = db.session.scalar(select(reports.User).where(reports.User.email == "admin@cdd.go.th"))
    rows = {row.code: (row.open, row.median_days) for row in reports.by_province(admin, now)}
    assert rows == {"50": (4, 6.5), "46": (3, 5.0)}
    assert {row.code for row in reports.by_province(editor, now)} == {"50"}
    client = site.test_client()
    login(client, "cm@cdd.go.th")
    dashboard = client.get("/admin/dashboard").get_data(as_text=True)
    assert "เรื่องที่ผู้ใช้แจ้งซึ่งยังเปิดอยู่" in dashboard
    assert re.search(r"<td>เชียงใหม่</td><td>4</td><td>[\d.]+</td>", dashboard)
    assert "กาฬสินธุ์</td>" not in dashboard


def test_reports_of_a_village_follow_its_listing_pages(site):
    """A report names the item it is about; the village's page is not the listing's."""
    report(site.test_client(), kind="closed", note="")
    assert "มีผู้แจ้งว่า" not in site.test_client().get("/villages/ban-test").get_data(
        as_text=True)
    village = db.session.scalar(select(Village).where(Village.slug == "ban-test"))
    assert reports.notices(village) == []
