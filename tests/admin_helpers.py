"""Personas and helpers for admin tests: real accounts, real forms, real CSRF tokens."""

from __future__ import annotations

import re

from cdd_click import accounts

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
