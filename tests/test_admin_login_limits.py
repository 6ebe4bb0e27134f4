"""Issue 10: the login limit holds across workers, machines and proxies, and leaks no account."""

from __future__ import annotations

import os
import re
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from admin_helpers import PASSWORD, build_site, token
from servers import free_port, start_gunicorn
from sqlalchemy import text

from cdd_click import accounts, create_app
from cdd_click.extensions import db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def staff(app, content_tree):
    """Accounts, a Chiang Mai village with a listing, a Kalasin village, two articles."""
    return build_site(content_tree)


def _post_login(client, email: str, password: str = "wrong password!!") -> int:
    return client.post("/admin/login", data={"email": email, "password": password,
                                             "csrf_token": token(client)}).status_code


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sibling(app, tmp_path, **settings):
    """Another app (another machine) on the same database."""
    return create_app({**app.config, "SEARCH_INDEX_DIR": str(tmp_path / secrets.token_hex(4)),
                       **settings})


# --- shared storage ------------------------------------------------------------------------


class Gunicorn:
    """A real gunicorn with two worker processes on the test database."""

    def __init__(self, app, tmp_path: Path):
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
               "SECRET_KEY": app.config["SECRET_KEY"], "PORT": str(self.port),
               "SEARCH_INDEX_DIR": str(tmp_path / "gunicorn-index"), "WEB_CONCURRENCY": "2",
               "MEDIA_DIR": str(tmp_path / "media"), "GUNICORN_ACCESS_LOG": "/dev/null",
               "LOGIN_RATE_LIMIT": "10 per hour", "RATELIMIT_STORAGE_URI": "memory://"}
        self.log = (tmp_path / "gunicorn.log").open("w")
        self.process = start_gunicorn(env, self.log)
        self.base = f"http://127.0.0.1:{self.port}"

    def login_form(self) -> tuple[str, str]:
        """A session cookie and the CSRF token that goes with it."""
        with urllib.request.urlopen(self.base + "/admin/login", timeout=10) as response:
            cookie = response.headers["Set-Cookie"].split(";")[0]
            page = response.read().decode()
        return cookie, re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                 page).group(1)

    def post_login(self, cookie: str, csrf: str, email: str) -> int:
        body = urllib.parse.urlencode({"email": email, "password": "wrong password!!",
                                       "csrf_token": csrf}).encode()
        request = urllib.request.Request(self.base + "/admin/login", body,
                                         headers={"Cookie": cookie})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def test_the_limit_is_shared_by_every_worker(app, staff, tmp_path):
    db.session.remove()
    server = Gunicorn(app, tmp_path)
    try:
        cookie, csrf = server.login_form()
        # a window starts at an address's first attempt, so no clock boundary splits the burst
        with ThreadPoolExecutor(4) as pool:
            codes = list(pool.map(lambda n: server.post_login(cookie, csrf, f"u{n}@cdd.go.th"),
                                  range(20)))
    finally:
        server.stop()
    assert sorted(codes) == [200] * 10 + [429] * 10


def test_guesses_at_one_account_from_many_addresses_are_limited(app, staff):
    app.config["LOGIN_RATE_LIMIT"] = "3 per hour"
    codes = [_post_login(_client_at(app, f"198.51.100.{n}"), "cm@cdd.go.th") for n in range(3)]
    right = _post_login(_client_at(app, "198.51.100.3"), "cm@cdd.go.th", PASSWORD)
    assert codes + [right] == [200] * 4  # held: even the right password, from a new device
    other = _post_login(_client_at(app, "198.51.100.99"), "ks@cdd.go.th", PASSWORD)
    assert other == 302  # another account is not held


def test_the_throttle_keeps_no_address_or_email_and_forgets_old_windows(app, staff):
    from cdd_click.admin import throttle

    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    _post_login(_client_at(app, "198.51.100.77"), "cm@cdd.go.th")
    rows = repr(db.session.execute(text("SELECT * FROM login_throttle")).all())
    assert "198.51.100.77" not in rows and "cm@cdd.go.th" not in rows
    assert len(db.session.execute(text("SELECT * FROM login_throttle")).all()) == 2
    start = time.time() + 10**6  # long after the request above

    def rows() -> int:
        return db.session.execute(text("SELECT COUNT(*) FROM login_throttle")).scalar()

    allowed = [throttle.allow_address("192.0.2.1", now=start + n) for n in range(4)]
    assert allowed == [True, True, True, False]
    assert rows() == 1  # the request's two rows were quiet for a whole window: forgotten
    assert throttle.allow_address("192.0.2.1", now=start + 61)  # a new window, until start + 121
    assert throttle.allow_address("192.0.2.2", now=start + 180) and rows() == 2
    assert throttle.allow_address("192.0.2.2", now=start + 181) and rows() == 1


def test_the_limit_can_live_in_redis(app, staff, tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    settings = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
                "LOGIN_RATE_LIMIT": "3 per hour", "SECRET_KEY": secrets.token_hex(16)}
    machines = [_sibling(app, tmp_path, **settings) for _ in range(2)]
    codes = [_post_login(_client_at(machines[n % 2], f"198.51.100.{n}"), "cm@cdd.go.th")
             for n in range(3)]
    codes += [_post_login(_client_at(machines[1], "198.51.100.3"), "cm@cdd.go.th", PASSWORD)]
    assert codes == [200] * 4  # three guesses on two machines hold the e-mail on both
    codes = [_post_login(_client_at(machines[n % 2], "192.0.2.9"), f"n{n}@cdd.go.th")
             for n in range(4)]
    assert codes == [200, 200, 200, 429]  # one address, two machines
    assert db.session.execute(text("SELECT COUNT(*) FROM login_throttle")).scalar() == 0


# --- proxies -------------------------------------------------------------------------------


def test_a_client_set_forwarded_for_cannot_dodge_the_limit(app, staff, tmp_path):
    proxied = _sibling(app, tmp_path, PROXY_FIX=True, LOGIN_RATE_LIMIT="3 per hour")
    direct = _client_at(proxied, "203.0.113.9")  # not a proxy we trust
    codes = []
    for n in range(4):
        direct.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n}"
        codes.append(_post_login(direct, f"nobody{n}@cdd.go.th"))
    assert codes == [200, 200, 200, 429]
    behind = _client_at(proxied, "127.0.0.1")  # our own proxy appends the real client
    codes = []
    for n in range(4):
        behind.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n}, 192.0.2.44"
        codes.append(_post_login(behind, f"someone{n}@cdd.go.th"))
    assert codes == [200, 200, 200, 429]


def _echo(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{environ['REMOTE_ADDR']} {environ['wsgi.url_scheme']} "
            f"{environ['HTTP_HOST']}".encode()]


@pytest.mark.parametrize(("remote", "forwarded_for", "expected"), [
    ("203.0.113.9", "198.51.100.1", "203.0.113.9 http localhost"),
    ("127.0.0.1", "198.51.100.1", "198.51.100.1 https localhost"),
    ("127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1 https localhost"),
    ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.1.2.3", "198.51.100.1 https localhost"),
    ("10.0.0.2", "10.0.0.7, 10.1.2.3", "10.0.0.7 https localhost"),
    ("::1", "2001:db8::5", "2001:db8::5 https localhost"),
    ("127.0.0.1", "not-an-address", "127.0.0.1 https localhost"),
    ("127.0.0.1", "", "127.0.0.1 https localhost"),
])
def test_forwarded_headers_are_trusted_only_from_our_proxies(remote, forwarded_for, expected):
    from werkzeug.test import Client

    from cdd_click.proxies import TrustedProxies

    wrapped = TrustedProxies(_echo, ["127.0.0.1", "::1", "10.0.0.0/8"])
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    response = Client(wrapped).get("/", headers=headers, environ_base={"REMOTE_ADDR": remote})
    assert response.get_data(as_text=True) == expected


def test_trusted_proxies_come_from_the_environment(app, monkeypatch, tmp_path):
    from cdd_click.config import settings
    from cdd_click.proxies import trusted_proxies

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
    monkeypatch.delenv("PROXY_FIX", raising=False)
    config = settings(tmp_path, {"SECRET_KEY": "x"})
    assert config["TRUSTED_PROXIES"] == ["10.0.0.0/8", "192.0.2.1"]
    assert trusted_proxies({**config, "PROXY_FIX": True}) == ["10.0.0.0/8", "192.0.2.1",
                                                              "127.0.0.1", "::1"]
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        _sibling(app, tmp_path, TRUSTED_PROXIES=["not-a-network"])


# --- what a login costs --------------------------------------------------------------------


def test_an_unknown_email_costs_as_much_as_a_real_one(app, staff, runner, monkeypatch):
    """Every answer costs one password hash with the real accounts' parameters.

    A login's cost is that hash (scrypt, whose parameters are written in the stored hash), so
    the test counts the hashes each answer computes and reads their parameters: unlike a timing
    ratio on two busy cores this cannot flake, and it fails when the dummy hash for unknown or
    disabled e-mails goes, gets cheaper parameters, or a held account skips the hash.
    """
    from cdd_click.models import user as user_model

    app.config["LOGIN_RATE_LIMIT"] = "1 per hour"  # the second attempt at an e-mail is held
    runner.invoke(args=["users", "disable", "ks@cdd.go.th"])
    real_check, hashed = user_model.check_password_hash, []

    def counted(pwhash: str, password: str) -> bool:
        hashed.append(pwhash.split("$", 1)[0])  # "scrypt:32768:8:1": the work it costs
        return real_check(pwhash, password)

    monkeypatch.setattr(user_model, "check_password_hash", counted)
    real = accounts.find_user("cm@cdd.go.th").password_hash.split("$", 1)[0]
    assert real.startswith("scrypt:")
    cases = [("cm@cdd.go.th", "wrong password!!", 200), ("nobody@cdd.go.th", PASSWORD, 200),
             ("ks@cdd.go.th", PASSWORD, 200), ("cm@cdd.go.th", "wrong password!!", 200),
             ("cm@cdd.go.th", PASSWORD, 200)]  # the last two: cm@ is held
    for n, (email, password, status) in enumerate(cases):
        hashed.clear()
        assert _post_login(_client_at(app, f"192.0.2.{n}"), email, password) == status
        assert hashed == [real], (email, password, hashed)
