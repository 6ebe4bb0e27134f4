"""Known devices: a browser that has signed in to an account before may skip its login delay.

Each successful sign-in puts a proof for that account into a long-lived cookie (HttpOnly,
SameSite=Lax, Secure over https, sent only to the login page). The proof is
HMAC(SECRET_KEY, user id + password hash), cut to 128 bits: it holds nothing personal in clear,
cannot be made without ``SECRET_KEY``, is worthless for any other account, and stops working the
moment the password changes (every new hash has a new salt). It is not tied to the session
version, because signing out moves that on and staff sign out every day. One browser shared by a
few staff keeps up to ``KEEP`` proofs, newest first. Nothing is stored on our side (PDPA): the
cookie identifies a staff member's own browser to us and to nobody else.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import Request, Response, current_app, url_for

from cdd_click.models import User

COOKIE = "cdd_known_device"
KEEP = 5
LIFETIME = 400 * 24 * 3600  # the longest browsers keep a cookie
_PROOF = re.compile(r"[0-9a-f]{32}")


def proof(user: User) -> str:
    """This account's known-device proof, valid until its password changes."""
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"known-device:{user.id}:{user.password_hash}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def _proofs(request: Request) -> list[str]:
    raw = request.cookies.get(COOKIE, "")
    return [item for item in raw.split(".") if _PROOF.fullmatch(item)][:KEEP]


def is_known(user: User, request: Request) -> bool:
    """True when this browser has signed in to ``user`` since its password was last set."""
    expected = proof(user)
    return any(hmac.compare_digest(expected, item) for item in _proofs(request))


def remember(response: Response, user: User, request: Request) -> Response:
    """Add (or refresh) this account's proof in the browser's known-device cookie."""
    mine = proof(user)
    kept = [mine] + [item for item in _proofs(request) if item != mine]
    secure = request.is_secure or bool(current_app.config.get("SESSION_COOKIE_SECURE"))
    response.set_cookie(COOKIE, ".".join(kept[:KEEP]), max_age=LIFETIME, secure=secure,
                        path=url_for("admin.login"), httponly=True, samesite="Lax")
    return response
