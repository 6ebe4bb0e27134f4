"""Issue 22, item 10: guessing at an e-mail is slowed without ever locking its owner out.

Every test runs on the database count and, when a Redis server listens on 127.0.0.1:6379, on
the Redis count. The clock the throttle reads is moved by the test, never waited for.
"""

from __future__ import annotations

import re
import secrets
import socket

import pytest
from admin_helpers import PASSWORD, make_staff, token

from cdd_click import accounts
from cdd_click.admin import devices, throttle

OWNER = "cm@cdd.go.th"
HELD = "มีการลองเข้าบัญชีนี้บ่อยเกินไป"  # part of the one message every failure shows
START = 1_900_000_000.0
LIMIT = 3  # "3 per minute" keeps the tests short (each attempt costs a real scrypt hash)


def _redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


class Clock:
    """The time the throttle reads, moved by the test."""

    def __init__(self):
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["database", "redis"])
def site(request, app, monkeypatch):
    """Staff accounts, "3 per minute", the count in the database or in Redis, a test clock."""
    if request.param == "redis":
        if not _redis_running():
            pytest.skip("no Redis server on 127.0.0.1:6379")
        # a fresh key, so the HMAC-named counts of earlier runs never meet this one
        app.config.update(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                          SECRET_KEY=secrets.token_hex(16))
    app.config["LOGIN_RATE_LIMIT"] = f"{LIMIT} per minute"
    make_staff()
    clock = Clock()
    monkeypatch.setattr(throttle, "clock", clock)
    return app, clock


def _browser(app, address: str):
    """A browser at ``address`` with its own cookie jar."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _attempt(client, email: str, password: str):
    return client.post("/admin/login", data={"email": email, "password": password,
                                             "csrf_token": token(client)})


def _signs_in(client, email: str = OWNER, password: str = PASSWORD) -> bool:
    response = _attempt(client, email, password)
    if response.status_code == 302:
        assert response.headers["Location"] == "/admin/"
        client.post("/admin/logout", data={"csrf_token": token(client, "/admin/")})
        return True
    assert response.status_code == 200 and HELD in response.get_data(as_text=True)
    return False


def _attack(app, email: str = OWNER, guesses: int = LIMIT + 1) -> None:
    """Wrong passwords for ``email``, each from another address and a fresh browser."""
    for n in range(guesses):
        _attempt(_browser(app, f"198.51.100.{n}"), email, f"guess number {n}!!")


def _known_device(app, address: str = "203.0.113.5", email: str = OWNER):
    """The owner's own browser, which has signed in (and out) before the attack."""
    browser = _browser(app, address)
    assert _signs_in(browser, email)
    return browser


def test_the_owner_on_a_known_device_signs_in_during_an_attack(site):
    app, clock = site
    app.config["LOGIN_RATE_LIMIT"] = "10 per minute"  # the default
    office = _known_device(app)
    _attack(app, guesses=11)  # 11 guesses in one minute from 11 addresses
    assert not _signs_in(_browser(app, "198.51.100.99"))  # the e-mail is held...
    assert _signs_in(office)  # ...but not for the owner's own browser
    _attack(app, guesses=11)
    clock.now += 30
    assert _signs_in(office)  # the attack goes on: the known device still gets in


def test_the_attacker_is_held_even_with_the_right_password(site):
    app, _clock = site
    _attack(app, guesses=LIMIT - 1)
    assert _signs_in(_browser(app, "198.51.100.200"))  # the last attempt within the limit
    _attack(app, guesses=LIMIT)
    assert not _signs_in(_browser(app, "198.51.100.201"))  # a right guess is refused too
    assert _signs_in(_browser(app, "198.51.100.202"), "ks@cdd.go.th")  # only this e-mail is held


def test_a_held_answer_is_the_answer_to_a_wrong_password(site):
    app, _clock = site
    wrong = _attempt(_browser(app, "198.51.100.250"), OWNER, "wrong password!!")
    _attack(app)
    held = _attempt(_browser(app, "198.51.100.251"), OWNER, PASSWORD)

    def page(response) -> str:  # without the CSRF token and the CSP nonce, new on every page
        return re.sub(r'(value|nonce)="[^"]*"', "", response.get_data(as_text=True))

    assert (held.status_code, page(held)) == (wrong.status_code, page(wrong)) == (200, page(wrong))
    assert HELD in page(held)
    assert not [c for c in held.headers.getlist("Set-Cookie") if c.startswith(devices.COOKIE)]


def test_the_owner_on_a_new_device_waits_for_the_window(site):
    app, clock = site
    _attack(app)
    laptop = _browser(app, "203.0.113.6")
    assert not _signs_in(laptop)
    clock.now += 59
    assert not _signs_in(laptop)  # the window that overflowed has not ended
    clock.now += 2
    assert _signs_in(laptop)  # the attack stopped, the window ended: a new device is let in
    _attack(app)
    assert _signs_in(laptop)  # ...and from now on it is a known device


def test_an_account_window_grows_while_it_keeps_overflowing(site):
    app, _clock = site
    allowed = [throttle.allow_account(OWNER, now=START + n) for n in range(LIMIT + 1)]
    assert allowed == [True] * LIMIT + [False]  # 3 per minute; the window began at START
    assert throttle.allow_account(OWNER, now=START + 59) is False
    # the next window lasts two minutes: three more guesses, then nothing until START + 180
    second = START + 60
    assert all(throttle.allow_account(OWNER, now=second + n) for n in range(LIMIT))
    assert throttle.allow_account(OWNER, now=second + 61) is False
    assert throttle.allow_account(OWNER, now=second + 119) is False
    third = second + 120  # four minutes now
    assert all(throttle.allow_account(OWNER, now=third + n) for n in range(LIMIT))
    assert throttle.allow_account(OWNER, now=third + 200) is False
    fourth = third + 240  # eight minutes, but calm: the next one is four again
    assert throttle.allow_account(OWNER, now=fourth) is True
    fifth = fourth + 480
    assert all(throttle.allow_account(OWNER, now=fifth + n) for n in range(LIMIT))
    assert throttle.allow_account(OWNER, now=fifth + 239) is False
    assert throttle.allow_account(OWNER, now=fifth + 240) is True
    # an address window never grows: 3 per minute, minute after minute
    for minute in range(3):
        at = START + 60 * minute
        assert [throttle.allow_address("192.0.2.1", now=at + n) for n in range(LIMIT + 1)] \
            == [True] * LIMIT + [False]


def test_a_changed_password_revokes_the_device(site):
    app, _clock = site
    office = _known_device(app)
    user = accounts.find_user(OWNER)
    new_password = "a brand new passphrase"
    accounts.update_user(user, user.role, ["50"], True, password=new_password)
    _attack(app)
    assert not _signs_in(office, password=new_password)  # the old proof no longer counts


def test_a_forged_or_borrowed_device_cookie_does_not_count(site):
    app, _clock = site
    colleague = _known_device(app, "203.0.113.7", "ks@cdd.go.th")  # another account's browser
    shared = _known_device(app, "203.0.113.9")  # a browser both use keeps both proofs
    assert _signs_in(shared, "ks@cdd.go.th")
    forged = _browser(app, "203.0.113.8")
    forged.set_cookie(devices.COOKIE, secrets.token_hex(16), path="/admin/login")
    _attack(app)
    _attack(app, "ks@cdd.go.th")
    assert not _signs_in(colleague)  # its proof is for ks@, not for cm@
    assert not _signs_in(forged)
    shared.environ_base["REMOTE_ADDR"] = "203.0.113.10"  # the proof is the browser's, anywhere
    assert _signs_in(shared) and _signs_in(shared, "ks@cdd.go.th")
    assert _signs_in(colleague, "ks@cdd.go.th")


def test_the_device_cookie_is_private_and_holds_nothing_personal(site):
    app, _clock = site
    browser = _browser(app, "203.0.113.5")
    response = browser.post("/admin/login", base_url="https://localhost", data={
        "email": OWNER, "password": PASSWORD, "csrf_token": token(browser)},
        headers={"Referer": "https://localhost/admin/login"})
    header = _device_cookie(response)
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")}
    assert {"httponly", "secure", "max-age"} <= attributes
    assert "SameSite=Lax" in header and "Path=/admin/login" in header
    value = header.split(";")[0].split("=", 1)[1]
    assert value == devices.proof(accounts.find_user(OWNER))  # a keyed hash, nothing in clear
    plain = _browser(app, "203.0.113.6")
    header = _device_cookie(_attempt(plain, OWNER, PASSWORD))
    assert "Secure" not in header  # plain http in development: the cookie still works


def _device_cookie(response) -> str:
    return next(value for value in response.headers.getlist("Set-Cookie")
                if value.startswith(devices.COOKIE + "="))
