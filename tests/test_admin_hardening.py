"""Issue 10, the admin's part: history, restore rules, sessions, headers and Thai form errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from admin_helpers import PASSWORD, build_site, edit_data, ids, login, token
from babel.messages.pofile import read_po
from sqlalchemy import func, select

from cdd_click import accounts
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Revision, Village


@pytest.fixture
def staff(app, content_tree):
    """Accounts, a Chiang Mai village with a listing, a Kalasin village, two articles."""
    return build_site(content_tree)


def revision_count() -> int:
    return db.session.scalar(select(func.count(Revision.id)))


def fresh(model, item_id: int):
    """The row as stored now (not the test session's cached copy)."""
    db.session.expire_all()
    return db.session.get(model, item_id)


# --- history page and restore -------------------------------------------------------------


def test_history_shows_yes_no_numbers_and_blanks_and_restores_them(app, staff):
    client = app.test_client()
    login(client, "admin@cdd.go.th")
    village = ids()["village"]
    url = f"/admin/villages/{village}/edit"
    changed = edit_data(client, url, featured="y", lat="18.8601", moo="7", title_en="Ban Test")
    assert client.post(url, data=changed).status_code == 303
    response = client.get(f"/admin/villages/{village}/history")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for cell in ("<td>ใช่</td>", "<td>ไม่ใช่</td>", "<td>18.8601</td>", "<td>18.86</td>",
                 "<td>7</td>", "<td>3</td>", "<td>—</td>", "<td>Ban Test</td>"):
        assert cell in page, cell
    loaded = db.session.scalar(select(Revision.id).where(Revision.item_id == village,
                                                         Revision.item_type == "village")
                               .order_by(Revision.id).limit(1))
    response = client.post(f"/admin/villages/{village}/restore/{loaded}",
                           data={"csrf_token": token(client, url),
                                 "version": fresh(Village, village).version})
    assert response.status_code == 303
    restored = fresh(Village, village)
    assert (restored.featured, restored.lat, restored.moo) == (False, 18.86, 3)


def _admin_saves(client, kind: str, item_id: int, **changes) -> None:
    url = f"/admin/{kind}/{item_id}/edit"
    data = edit_data(client, url, **changes)
    if changes.get("featured") is None:
        data.pop("featured", None)
    response = client.post(url, data=data)
    assert response.status_code == 303, re.findall(r'class="errors".*?</ul>',
                                                   response.get_data(as_text=True), re.S)


def _refused_restore(app, kind: str, item_id: int, revision_id: int) -> str:
    """The Chiang Mai editor tries to restore ``revision_id``; the page they end up on."""
    editor = app.test_client()
    login(editor, "cm@cdd.go.th")
    model = {"villages": Village, "listings": Listing, "articles": Article}[kind]
    before = revision_count()
    response = editor.post(f"/admin/{kind}/{item_id}/restore/{revision_id}",
                           data={"csrf_token": token(editor, "/admin/"),
                                 "version": fresh(model, item_id).version})
    assert response.status_code in (303, 403)
    assert revision_count() == before  # nothing written
    if response.status_code == 303:
        return editor.get(response.headers["Location"]).get_data(as_text=True)
    return response.get_data(as_text=True)


def _revision_where(kind: str, item_id: int, column: str, value) -> int:
    item_type = kind[:-1]
    rows = db.session.scalars(select(Revision).where(Revision.item_type == item_type,
                                                     Revision.item_id == item_id)
                              .order_by(Revision.id.desc()))
    return next(r.id for r in rows if (r.after or {}).get(column) == value)


def test_an_editor_cannot_refeature_a_village_by_restoring(app, staff):
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    village = ids()["village"]
    _admin_saves(admin, "villages", village, featured="y")
    _admin_saves(admin, "villages", village)  # featured taken away again
    featured = _revision_where("villages", village, "featured", True)
    page = _refused_restore(app, "villages", village, featured)
    assert "ผู้ดูแลระบบ" in page
    assert fresh(Village, village).featured is False


@pytest.mark.parametrize("kind", ["villages", "listings", "articles"])
def test_an_editor_cannot_restore_an_item_into_a_province_they_do_not_hold(app, staff, kind):
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    i = ids()
    if kind == "villages":  # loaded in Kalasin, moved to Chiang Mai by an admin
        item_id, column, away = i["other_village"], "subdistrict_code", "461002"
        _admin_saves(admin, kind, item_id, subdistrict="502304", lat="18.86", lon="99.35")
    elif kind == "listings":  # moved to a Kalasin village and back
        item_id, column, away = i["listing"], "village_id", i["other_village"]
        _admin_saves(admin, kind, item_id, village="ban-kalasin")
        _admin_saves(admin, kind, item_id, village="ban-test")
    else:
        item_id, column, away = i["cm_article"], "province_code", "46"
        _admin_saves(admin, kind, item_id, province="46")
        _admin_saves(admin, kind, item_id, province="50")
    model = {"villages": Village, "listings": Listing, "articles": Article}[kind]
    kept = getattr(fresh(model, item_id), column)
    page = _refused_restore(app, kind, item_id, _revision_where(kind, item_id, column, away))
    assert "ไม่มีสิทธิ์" in page
    assert getattr(fresh(model, item_id), column) == kept


# --- sessions -------------------------------------------------------------------------------


def _signed_in_cookie(app, email: str) -> str:
    client = app.test_client()
    login(client, email)
    cookie = client.get_cookie("session").value
    assert _replay(app, cookie).status_code == 200
    return cookie


def _replay(app, cookie: str):
    """A saved session cookie, sent again from somewhere else."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/admin/users/")


def _change_boss(app, active: bool, password: str = "") -> None:
    """The first admin changes the second admin's account through the admin form."""
    client = app.test_client()
    login(client, "admin@cdd.go.th")
    boss = accounts.find_user("boss@cdd.go.th").id
    url = f"/admin/users/{boss}/edit"
    data = {"csrf_token": token(client, url), "email": "boss@cdd.go.th", "role": "admin",
            "password": password, **({"active": "y"} if active else {})}
    assert client.post(url, data=data).status_code == 303


def _log_out(app, cookie: str) -> None:
    client = app.test_client()
    client.set_cookie("session", cookie)
    assert client.post("/admin/logout", data={"csrf_token": token(client, "/admin/")}
                       ).status_code == 302


ENDINGS = {
    "logout": _log_out,
    "cli set-password": lambda app, cookie: app.test_cli_runner().invoke(
        args=["users", "set-password", "boss@cdd.go.th"], input="a brand new password\n"),
    "cli disable": lambda app, cookie: app.test_cli_runner().invoke(
        args=["users", "disable", "boss@cdd.go.th"]),
    "admin sets password": lambda app, cookie: _change_boss(app, True, "a brand new password"),
    "admin disables": lambda app, cookie: _change_boss(app, False),
}


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_a_saved_cookie_stops_working(app, staff, ending):
    accounts.create_user("boss@cdd.go.th", PASSWORD, "admin")
    cookie = _signed_in_cookie(app, "boss@cdd.go.th")
    ENDINGS[ending](app, cookie)
    response = _replay(app, cookie)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")
    if ending == "logout":  # signing in again works, with a new cookie
        _signed_in_cookie(app, "boss@cdd.go.th")


def test_admin_changing_their_own_password_stays_signed_in(app, staff):
    client = app.test_client()
    login(client, "admin@cdd.go.th")
    me = accounts.find_user("admin@cdd.go.th").id
    url = f"/admin/users/{me}/edit"
    assert client.post(url, data={"csrf_token": token(client, url), "email": "admin@cdd.go.th",
                                  "role": "admin", "active": "y",
                                  "password": "a brand new password"}).status_code == 303
    assert client.get("/admin/users/").status_code == 200


# --- smaller items --------------------------------------------------------------------------


# DEL and NUL never reach the view (the input boundary strips them from the query string), so
# "/admin%7f" arrives as the harmless "/admin"; CR, LF and tab do arrive, and are refused there.
@pytest.mark.parametrize("target, location", [
    ("/%0d%0aX:1", "/admin/"), ("/admin/%0aSet-Cookie:%20a=b", "/admin/"), ("/%09admin", "/admin/"),
    ("/admin%7f", "/admin"), ("/admin/%00", "/admin/")])
def test_next_that_cannot_be_a_header_goes_to_the_dashboard(app, staff, target, location):
    client = app.test_client()
    response = client.post(f"/admin/login?next={target}",
                           data={"email": "cm@cdd.go.th", "password": PASSWORD,
                                 "csrf_token": token(client)})
    assert response.status_code == 302 and response.headers["Location"] == location
    again = client.get(f"/admin/login?next={target}")  # already signed in
    assert again.status_code == 302 and again.headers["Location"] == location


@pytest.mark.parametrize("email", ["not-an-email", "cm@", "a@b", "x y@cdd.go.th",
                                   "staff@localhost", "a..b@cdd.go.th"])
def test_users_create_refuses_what_the_login_form_refuses(app, staff, runner, email):
    client = app.test_client()
    page = client.post("/admin/login", data={"email": email, "password": PASSWORD,
                                             "csrf_token": token(client)}).get_data(as_text=True)
    assert "อีเมลไม่ถูกต้อง" in page
    result = runner.invoke(args=["users", "create", email, "--role", "admin"],
                           input=PASSWORD + "\n")
    assert result.exit_code != 0
    assert "อีเมลไม่ถูกต้อง" in result.output and "invalid e-mail" in result.output
    assert accounts.find_user(email) is None


def test_an_editor_needs_a_province_in_the_admin_form(app, staff):
    client = app.test_client()
    login(client, "admin@cdd.go.th")
    response = client.post("/admin/users/new", data={
        "csrf_token": token(client, "/admin/users/new"), "email": "new@cdd.go.th",
        "role": "editor", "active": "y", "password": "a long enough password"})
    assert response.status_code == 200
    assert "ผู้แก้ไขเนื้อหาต้องมีจังหวัดอย่างน้อยหนึ่งจังหวัด" in response.get_data(as_text=True)
    assert accounts.find_user("new@cdd.go.th") is None
    editor = ids()["user"]
    url = f"/admin/users/{editor}/edit"
    response = client.post(url, data={"csrf_token": token(client, url), "role": "editor",
                                      "email": "cm@cdd.go.th", "active": "y"})
    assert "ผู้แก้ไขเนื้อหาต้องมีจังหวัดอย่างน้อยหนึ่งจังหวัด" in response.get_data(as_text=True)
    assert accounts.find_user("cm@cdd.go.th").province_codes == {"50"}


WTFORMS_ENGLISH = ("Not a valid", "This field is required", "not a valid choice", "Invalid",
                   "Field must", "Number must", "could not be coerced")


def _errors(page: str) -> list[str]:
    return re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', page, re.S)


def test_form_errors_in_the_admin_are_thai(app, staff):
    client = app.test_client()
    login(client, "admin@cdd.go.th")
    posts = [
        ("/admin/users/new", {"email": "x@cdd.go.th", "role": "superuser", "provinces": "99",
                              "password": "a long enough password"}),
        ("/admin/listings/new", edit_data(client, "/admin/listings/new", kind="spaceship",
                                          village="999999", price_min="abc", lat="abc",
                                          lon="x", otop_stars="9", category="nope")),
        ("/admin/articles/new", edit_data(client, "/admin/articles/new", published="2026-99-99",
                                          province="99")),
        ("/admin/villages/new", edit_data(client, "/admin/villages/new", moo="abc")),
    ]
    for url, data in posts:
        data["csrf_token"] = token(client, url)
        errors = _errors(client.post(url, data=data).get_data(as_text=True))
        assert errors, url
        for english in WTFORMS_ENGLISH:
            assert not any(english in block for block in errors), (url, errors)


def test_every_wtforms_message_has_a_thai_text():
    import wtforms

    from cdd_click.admin.form_messages import THAI

    pot = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
    with pot.open("rb") as handle:
        catalogue = read_po(handle)
    ids_ = [m.id for m in catalogue if m.id]
    for message_id in ids_:
        for text in (message_id if isinstance(message_id, tuple) else (message_id,)):
            assert re.search(r"[\u0E00-\u0E7F]", THAI[text]), text


def test_every_admin_response_is_no_store(app, staff):
    client = app.test_client()
    responses = [client.get("/admin/login"), client.get("/admin/"), client.get("/admin/users/"),
                 client.post("/admin/login", data={"email": "x@cdd.go.th", "password": "x",
                                                   "csrf_token": token(client)}),
                 client.post("/admin/login", data={})]
    login(client, "cm@cdd.go.th")
    responses += [client.get("/admin/"), client.get("/admin/users/"),
                  client.get("/admin/villages/999999/edit"), client.get("/admin/nope"),
                  client.get("/admin/login"),
                  client.post("/admin/logout", data={"csrf_token": token(client, "/admin/")})]
    assert {200, 302, 400, 403, 404} <= {r.status_code for r in responses}
    for response in responses:
        assert response.headers.get("Cache-Control") == "no-store", response.status


@pytest.mark.parametrize("number", [str(2**31 - 1), str(2**31), str(2**63),
                                    "99999999999999999999999"])
def test_an_id_past_the_database_s_integers_is_not_found(app, staff, number):
    """Every ``<int:…>`` route, GET and POST, as an admin: the largest id an Integer column
    holds gets a page (no such row); past it, not found (PostgreSQL refused 2**31 and SQLite
    2**63 as a parameter: they were 500s)."""
    admin = app.test_client()
    login(admin, "admin@cdd.go.th")
    csrf = token(admin, "/admin/users/")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        path = re.sub(r"<int:\w+>", number, rule.rule)
        path = path.replace("<kind>", "listings").replace("<status>", "published")
        for method in sorted(rule.methods & {"GET", "POST"}):
            answer = admin.open(path, method=method, data={"csrf_token": csrf})
            expected = (answer.status_code < 500 if int(number) < 2**31
                        else answer.status_code == 404)
            assert expected, (method, path, answer.status_code)
            checked += 1
    assert checked >= 15
