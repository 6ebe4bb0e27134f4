"""Personas and helpers for admin tests: real accounts, real forms, real CSRF tokens."""

from __future__ import annotations

import re

from sqlalchemy import select

from cdd_click import accounts
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, User, Village

PASSWORD = "correct horse battery staple"
TOKEN_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def make_staff() -> dict[str, str]:
    """An admin, an editor of Chiang Mai (50) and an editor of Kalasin (46)."""
    accounts.create_user("admin@cdd.go.th", PASSWORD, "admin")
    accounts.create_user("cm@cdd.go.th", PASSWORD, "editor", ["50"])
    accounts.create_user("ks@cdd.go.th", PASSWORD, "editor", ["46"])
    return {"admin": "admin@cdd.go.th", "editor": "cm@cdd.go.th", "other": "ks@cdd.go.th"}


def token(client, url: str = "/admin/login") -> str:
    """A CSRF token from a real form page."""
    page = client.get(url).get_data(as_text=True)
    found = TOKEN_RE.search(page) or re.search(r'id="csrf_token" name="csrf_token" '
                                               r'type="hidden" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def login(client, email: str, password: str = PASSWORD):
    """Sign in through the login form."""
    return client.post("/admin/login", data={"email": email, "password": password,
                                             "csrf_token": token(client)})


def edit_data(client, url: str, **changes) -> dict:
    """The edit form's current values (as a browser would submit them) with ``changes``."""
    page = client.get(url).get_data(as_text=True)
    data = dict(re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page))
    data.update(re.findall(r'<input[^>]*?value="([^"]*)"[^>]*?name="([^"]+)"', page)[::-1])
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page,
                                 re.S):
        data[name] = body.strip("\n")
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                           options)
        data[name] = next((g for g in chosen.groups() if g is not None), "") if chosen else ""
    data.pop("save", None)
    data.update(changes)
    return {key: value for key, value in data.items() if key not in ("q", "email_login")}


def build_site(content_tree) -> dict[str, str]:
    """Accounts, a Chiang Mai village with a listing, a Kalasin village, two articles."""
    content_tree.village()
    content_tree.village("ban-kalasin", title="บ้านกาฬสินธุ์ทดสอบ", subdistrict='"461002"',
                         lat=16.84, lon=103.64)
    content_tree.listing()
    content_tree.article()
    content_tree.article("cm-article", title="บทความเชียงใหม่", province='"50"')
    load_content(content_tree.root)
    return make_staff()


def ids() -> dict[str, int]:
    """Database ids of the objects ``build_site`` made."""
    one = db.session.scalar
    return {
        "village": one(select(Village.id).where(Village.slug == "ban-test")),
        "other_village": one(select(Village.id).where(Village.slug == "ban-kalasin")),
        "listing": one(select(Listing.id)),
        "article": one(select(Article.id).where(Article.slug == "test-article")),
        "cm_article": one(select(Article.id).where(Article.slug == "cm-article")),
        "user": one(select(User.id).where(User.email == "cm@cdd.go.th")),
    }


def limit_logins(app, limit: str = "3 per hour") -> None:
    """Set the login limit (a window starts at a key's first attempt: nothing to wait for)."""
    app.config["LOGIN_RATE_LIMIT"] = limit
