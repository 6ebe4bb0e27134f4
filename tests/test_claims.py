"""Owners claim their page; the district office verifies and approves it, which makes an owner's
account signed in by a one-time link; an owner's account reaches only its own pages (issue 24,
point 3)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from cdd_click import claims
from cdd_click.extensions import db
from cdd_click.models import Claim, OwnerItem, Role, SignInLink, User
from tests.admin_helpers import PASSWORD, build_site, login, token

FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LINK = re.compile(r'id="owner-link" readonly value="([^"]+)"')


@pytest.fixture
def site(app, content_tree):
    build_site(content_tree)
    return app


def claim(visitor, url: str = "/listings/test-coffee/claim", address: str = "203.0.113.9",
          **fields):
    body = visitor.get(url).get_data(as_text=True)
    data = {"csrf_token": CSRF.search(body).group(1), "token": FORM_TOKEN.search(body).group(1),
            "name": "สมศรี ใจดี", "role": "ประธานกลุ่มผู้ผลิต", "phone": "๐๘๑-๒๓๔-๕๖๗๘",
            "email": "Somsri@Example.com", "line_id": "somsri", "publish_phone": "1",
            "agree": "1", **fields}
    return visitor.post(url, data=data, environ_base={"REMOTE_ADDR": address})


def _count() -> int:
    return db.session.scalar(select(func.count(Claim.id)))


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_listing_and_village_pages_link_to_their_claim_form(site, prefix):
    visitor = site.test_client()
    for section, slug in (("listings", "test-coffee"), ("villages", "ban-test")):
        page = visitor.get(f"{prefix}/{section}/{slug}").get_data(as_text=True)
        assert f'href="{prefix}/{section}/{slug}/claim"' in page
        form = visitor.get(f"{prefix}/{section}/{slug}/claim")
        assert form.status_code == 200 and 'name="agree"' in form.get_data(as_text=True)
    assert "/claim" not in visitor.get(f"{prefix}/articles/test-article").get_data(as_text=True)
    assert visitor.get(f"{prefix}/articles/test-article/claim").status_code == 404


def test_a_claim_is_stored_with_its_consent_and_names_who_will_call(site):
    visitor = site.test_client()
    response = claim(visitor)
    assert response.status_code == 303
    thanks = visitor.get(response.location).get_data(as_text=True)
    assert "สำนักงานพัฒนาชุมชนอำเภอแม่ออน" in thanks
    stored = db.session.scalar(select(Claim))
    assert (stored.phone, stored.email, stored.province_code) == ("081 234 5678",
                                                                  "somsri@example.com", "50")
    assert (stored.publish_phone, stored.publish_email, stored.publish_line) == (
        True, False, False)
    assert stored.state == "open" and stored.consent_at is not None


def test_a_claim_needs_a_phone_and_consent_and_odd_input_is_a_page(site):
    visitor = site.test_client()
    refused = claim(visitor, phone="", agree="")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'href="#claim-phone"' in page and 'href="#claim-agree"' in page
    assert claim(visitor, name="ก\x00" * 400, note="x" * 5000).status_code == 422
    assert claim(visitor, website="http://spam.example").status_code == 303  # honeypot
    assert _count() == 0
    assert visitor.post("/listings/test-coffee/claim", data={"token": "x"}).status_code == 400
    assert visitor.get("/listings/no-such/claim").status_code == 404


def test_a_double_submit_is_one_claim(site):
    visitor = site.test_client()
    body = visitor.get("/listings/test-coffee/claim").get_data(as_text=True)
    data = {"csrf_token": CSRF.search(body).group(1), "token": FORM_TOKEN.search(body).group(1),
            "name": "สมศรี", "role": "เจ้าของ", "phone": "0812345678", "agree": "1"}
    for _ in range(2):
        assert visitor.post("/listings/test-coffee/claim", data=data).status_code == 303
    assert _count() == 1


def _approve(site, email: str = "cm@cdd.go.th"):
    editor = site.test_client()
    login(editor, email)
    stored = db.session.scalar(select(Claim))
    response = editor.post(f"/admin/claims/{stored.id}/approve",
                           data={"csrf_token": token(editor, "/admin/claims")})
    return editor, response


def test_only_the_district_s_editors_see_and_decide_a_claim(site):
    claim(site.test_client())
    other = site.test_client()
    login(other, "ks@cdd.go.th")
    assert "สมศรี" not in other.get("/admin/claims").get_data(as_text=True)
    stored = db.session.scalar(select(Claim))
    csrf = token(other, "/admin/claims")
    assert other.post(f"/admin/claims/{stored.id}/approve",
                      data={"csrf_token": csrf}).status_code == 403
    assert other.post(f"/admin/claims/{stored.id}/refuse",
                      data={"csrf_token": csrf, "reason": "x"}).status_code == 403
    editor = site.test_client()
    login(editor, "cm@cdd.go.th")
    queue = editor.get("/admin/claims").get_data(as_text=True)
    assert "สมศรี ใจดี" in queue and "081 234 5678" in queue


def test_refusing_needs_a_reason_and_deletes_the_contact(site):
    claim(site.test_client())
    editor = site.test_client()
    login(editor, "cm@cdd.go.th")
    stored = db.session.scalar(select(Claim))
    csrf = token(editor, "/admin/claims")
    editor.post(f"/admin/claims/{stored.id}/refuse", data={"csrf_token": csrf, "reason": ""})
    db.session.expire_all()
    assert db.session.get(Claim, stored.id).state == "open"
    editor.post(f"/admin/claims/{stored.id}/refuse",
                data={"csrf_token": csrf, "reason": "โทรแล้วไม่ใช่เจ้าของ"})
    db.session.expire_all()
    done = db.session.get(Claim, stored.id)
    assert (done.state, done.phone, done.email, done.line_id) == ("refused", None, None, None)
    assert db.session.scalar(select(func.count(User.id)).where(User.role == Role.OWNER)) == 0


def test_approval_makes_an_owner_signed_in_once_by_link(site):
    claim(site.test_client())
    _editor, response = _approve(site)
    assert response.status_code == 200
    link = LINK.search(response.get_data(as_text=True)).group(1)
    path = link.removeprefix("http://localhost")
    owner = db.session.scalar(select(User).where(User.role == Role.OWNER))
    assert owner.email == "somsri@example.com" and owner.provinces == []
    assert db.session.scalar(select(func.count()).select_from(OwnerItem)) == 1
    assert path.split("/")[-1] not in repr(db.session.scalars(select(SignInLink.digest)).all())

    browser = site.test_client()
    assert browser.get(path).status_code == 200  # a chat app's preview uses nothing up
    assert browser.get(path).status_code == 200
    signed = browser.post(path, data={"csrf_token": token(browser, path)})
    assert signed.status_code == 303 and signed.location.endswith("/admin/owner/password")
    home = browser.get("/admin/owner/").get_data(as_text=True)
    assert "กาแฟทดสอบ" in home
    assert site.test_client().get(path).status_code == 410  # once only

    csrf = token(browser, "/admin/owner/password")
    browser.post("/admin/owner/password", data={"csrf_token": csrf, "password": PASSWORD,
                                                "again": PASSWORD})
    again = site.test_client()
    landed = login(again, "somsri@example.com")
    assert landed.status_code == 302
    assert again.get("/admin/").location.endswith("/admin/owner/")


def test_an_owner_reaches_no_staff_page(site):
    claim(site.test_client())
    _approve(site)
    owner = db.session.scalar(select(User).where(User.role == Role.OWNER))
    owner.set_password(PASSWORD)
    db.session.commit()
    browser = site.test_client()
    login(browser, owner.email)
    allowed = {"admin.owner_home", "admin.owner_password", "admin.owner_sign_in",
               "admin.owner_edit", "admin.owner_withdraw", "admin.change_photo",
               "admin.logout", "admin.login", "admin.dashboard", "admin.static"}
    checked = 0
    for rule in site.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and rule.endpoint not in allowed:
            args = {name: "villages" if name == "kind" else "csv" if name == "fmt"
                    else "coverage" if name == "table" else 1 for name in rule.arguments}
            url = rule.build(args, append_unknown=False)[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                answer = browser.open(url, method=method, data={})
                assert answer.status_code in (400, 403), (method, url, answer.status_code)
                checked += 1
    assert checked >= 40  # every staff route of the admin, GET and POST
    assert browser.get("/admin/owner/").status_code == 200
    staff = site.test_client()
    login(staff, "cm@cdd.go.th")
    assert staff.get("/admin/owner/").status_code == 404
    admin = site.test_client()
    login(admin, "admin@cdd.go.th")
    assert owner.email not in admin.get("/admin/users/").get_data(as_text=True)
    assert admin.get(f"/admin/users/{owner.id}/edit").status_code == 404  # never made staff


def test_owners_are_never_made_on_the_command_line(site, runner):
    result = runner.invoke(args=["users", "create", "x@cdd.go.th", "--role", "owner"],
                           input="a long enough password\n")
    assert result.exit_code != 0
    assert claims.OWNER_EMAIL_DOMAIN.endswith(".invalid")


HOSTILE = ["\x00", "ก" * 100_000, "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")",
           "' OR 1=1 --", "\u202e\u0e01\u0e02", "😀" * 50, "a\r\nb", "%00%0d%0a", "%ED%A0%80"]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_claim_input_answers_500(site, text):
    visitor = site.test_client()
    for field in ("name", "role", "phone", "email", "line_id", "note", "token"):
        answer = claim(visitor, **{field: text})
        assert answer.status_code in (303, 400, 413, 422), (field, answer.status_code)
    for stored in db.session.scalars(select(Claim)):
        assert "\x00" not in stored.name + stored.role + stored.note
        assert "<script>" not in visitor.get("/listings/test-coffee").get_data(as_text=True)


def test_the_contacts_a_claimant_agreed_to_publish_wait_as_the_owner_s_change(site):
    from cdd_click.models import Listing, OwnerChange

    claim(site.test_client())  # agreed to publish the phone, not the e-mail or LINE
    _approve(site)
    change = db.session.scalar(select(OwnerChange))
    assert change.state == "pending" and change.values == {"phone": "081 234 5678"}
    assert change.consent_at is not None
    assert db.session.scalar(select(Listing)).phone is None  # the office approves it first
