"""The login limit, counted where every worker and machine sees the same count.

``LOGIN_RATE_LIMIT`` ("10 per minute") is counted in fixed windows, once per client address and
once per target e-mail, so neither many tries from one address nor a guess at one account spread
over many addresses gets through. The count lives in the database (one upsert per key in one
transaction) or in Redis when ``RATELIMIT_STORAGE_URI`` is a ``redis://`` URL. Only HMACs of the
address and the e-mail, keyed with ``SECRET_KEY``, are stored (PDPA).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app
from limits import parse
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from cdd_click.extensions import db
from cdd_click.models import LoginThrottle


def _digest(kind: str, value: str) -> str:
    """A keyed hash: the same input counts together, the stored key reveals nothing."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _limit() -> tuple[int, int]:
    """(attempts, seconds) from ``LOGIN_RATE_LIMIT``."""
    item = parse(current_app.config["LOGIN_RATE_LIMIT"])
    return item.amount, item.get_expiry()


def _upsert(key: str, window_end: int):
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(LoginThrottle).values(key=key, window_end=window_end, hits=1)
    return statement.on_conflict_do_update(
        index_elements=["key", "window_end"], set_={"hits": LoginThrottle.hits + 1},
    ).returning(LoginThrottle.hits)


def _hit_database(keys: list[str], window_end: int, now: float) -> list[int]:
    """Count one attempt for each key and forget finished windows, in one transaction."""
    try:
        counts = [db.session.scalar(_upsert(key, window_end)) for key in sorted(keys)]
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.window_end <= now))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts


def _redis():
    import redis

    clients = current_app.extensions.setdefault("cdd_login_throttle", {})
    uri = current_app.config["RATELIMIT_STORAGE_URI"]
    if uri not in clients:
        clients[uri] = redis.Redis.from_url(uri)
    return clients[uri]


def _hit_redis(keys: list[str], window_end: int, now: float) -> list[int]:
    """Count one attempt for each key in one MULTI/EXEC; Redis expires finished windows."""
    pipeline = _redis().pipeline(transaction=True)
    for key in keys:
        name = f"cdd:login:{key}:{window_end}"
        pipeline.set(name, 0, ex=max(1, int(window_end - now) + 1), nx=True)
        pipeline.incr(name)
    return pipeline.execute()[1::2]


def uses_redis() -> bool:
    """True when the count is kept in Redis rather than the database."""
    return current_app.config.get("RATELIMIT_STORAGE_URI", "").startswith(("redis://",
                                                                          "rediss://"))


def allow_login(address: str | None, email: str, now: float | None = None) -> bool:
    """Count this attempt; False when the address or the e-mail is over the limit."""
    amount, seconds = _limit()
    now = time.time() if now is None else now
    window_end = (int(now) // seconds + 1) * seconds
    keys = [_digest("address", address or "-"), _digest("email", email.strip().lower())]
    hit = _hit_redis if uses_redis() else _hit_database
    return max(hit(keys, window_end, now)) <= amount
