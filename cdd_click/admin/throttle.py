"""The login limits, counted where every worker and machine sees the same count.

Two counts, both from ``LOGIN_RATE_LIMIT`` ("10 per minute"):

* **Per client address.** More attempts than the limit in one window answer 429, whatever the
  e-mail. This slows one machine guessing at many accounts.
* **Per target e-mail, as a delay that never locks the owner out.** Every attempt for an e-mail
  that does not come from one of that account's *known devices* with the right password counts.
  Past the limit, such attempts are refused whatever the password, with the same answer as a
  wrong password (so a guess teaches nothing while the account is held), and each window that
  overflows doubles the next one (up to ``GROWTH`` times the base window): an attacker rotating
  addresses gets ``amount`` guesses per ever longer window. The owner, signing in with the right
  password from a browser that has signed in to this account before (``devices.py``), is not
  counted and not held, so an attack on the e-mail cannot keep them out. From a new device during
  an attack they are held like anyone else, and can sign in once the attack stops and the
  window ends.

Why this design: a hard lockout per e-mail lets anyone lock any staff member out (issue 22,
item 10); no lockout lets a botnet guess freely. An e-mailed sign-in link would also do, but the
site has no mail server, and a CAPTCHA would send staff data to a third party. A known-device
cookie needs no new infrastructure and keeps the per-account brake for everyone else.

A window starts at a key's first attempt (not at a clock boundary), so a burst is never split in
two and the tests need not wait for a clear window. A window's row is forgotten once a whole
quiet window has passed after it ended; a window that ended without overflowing halves the
next. The count lives in the database (one upsert per attempt) or in Redis (one Lua script) when
``RATELIMIT_STORAGE_URI`` is a ``redis://`` URL. Only HMACs of the address and of the e-mail,
keyed with ``SECRET_KEY``, are stored (PDPA).

Visitors' problem reports (``allow_report``) are counted the same way per client address, under
their own key and their own limit, ``REPORT_RATE_LIMIT``.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app
from limits import parse
from sqlalchemy import case, delete, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from cdd_click.extensions import db
from cdd_click.models import LoginThrottle

GROWTH = 64  # an account's window grows to at most 64 times the base (64 minutes at 10/minute)

clock = time.time  # the time every count uses; a test may move it


def _digest(kind: str, value: str) -> str:
    """A keyed hash: the same input counts together, the stored key reveals nothing."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _limit(setting: str = "LOGIN_RATE_LIMIT") -> tuple[int, float]:
    """(attempts, seconds) from ``setting`` (``LOGIN_RATE_LIMIT``, ``REPORT_RATE_LIMIT``)."""
    item = parse(current_app.config[setting])
    return item.amount, float(item.get_expiry())


# --- the database --------------------------------------------------------------------------


def _upsert(key: str, now: float, amount: int, base: float, longest: float):
    """Count one attempt: a new window when the last one ended, longer if it overflowed."""
    row = LoginThrottle
    ended, forgotten = row.window_end <= now, row.forget_at <= now
    doubled = case((row.span * 2 > longest, longest), else_=row.span * 2)
    halved = case((row.span / 2 < base, base), else_=row.span / 2)
    span = case((forgotten, base), (ended & (row.hits > amount), doubled), (ended, halved),
                else_=row.span)
    window_end = case((ended, literal(now) + span), else_=row.window_end)
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(LoginThrottle).values(
        key=key, window_end=now + base, span=base, hits=1, forget_at=now + 2 * base)
    return statement.on_conflict_do_update(index_elements=["key"], set_={
        "hits": case((ended, 1), else_=row.hits + 1), "span": span, "window_end": window_end,
        "forget_at": window_end + span,
    }).returning(row.hits)


def _forget_quiet_windows(now: float) -> None:
    """Delete rows quiet for a whole window; rows another transaction holds are left for later."""
    quiet = (select(LoginThrottle.key).where(LoginThrottle.forget_at <= now).limit(500)
             .with_for_update(skip_locked=True))
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(quiet)))


def _hit_database(key: str, now: float, amount: int, base: float, longest: float) -> int:
    """Count one attempt in its own transaction, then tidy up in another (so never a deadlock)."""
    try:
        hits = db.session.scalar(_upsert(key, now, amount, base, longest))
        db.session.commit()
        _forget_quiet_windows(now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return hits


# --- Redis ---------------------------------------------------------------------------------

# The same rule as _upsert, atomically in Redis; the key expires when it would be forgotten.
_REDIS_COUNT = """
local now, base, longest, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]),
    tonumber(ARGV[4])
local row = redis.call('HMGET', KEYS[1], 'end', 'hits', 'span')
local ends, hits, span = tonumber(row[1]), tonumber(row[2]), tonumber(row[3])
if ends == nil or ends + span <= now then
  span, ends, hits = base, now + base, 1
elseif ends <= now then
  if hits > amount then span = math.min(span * 2, longest) else span = math.max(span / 2, base) end
  ends, hits = now + span, 1
else
  hits = hits + 1
end
redis.call('HSET', KEYS[1], 'end', string.format('%.6f', ends), 'hits', hits,
           'span', string.format('%.6f', span))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((ends + span - now) * 1000)))
return hits
"""


def _redis_count():
    import redis

    scripts = current_app.extensions.setdefault("cdd_login_throttle", {})
    uri = current_app.config["RATELIMIT_STORAGE_URI"]
    if uri not in scripts:
        scripts[uri] = redis.Redis.from_url(uri).register_script(_REDIS_COUNT)
    return scripts[uri]


def _hit_redis(key: str, now: float, amount: int, base: float, longest: float) -> int:
    return int(_redis_count()(keys=[f"cdd:login:{key}"], args=[now, base, longest, amount]))


def uses_redis() -> bool:
    """True when the count is kept in Redis rather than the database."""
    return current_app.config.get("RATELIMIT_STORAGE_URI", "").startswith(("redis://",
                                                                          "rediss://"))


# --- the limits ----------------------------------------------------------------------------


def _allow(key: str, growth: int, now: float | None,
           setting: str = "LOGIN_RATE_LIMIT") -> bool:
    amount, base = _limit(setting)
    hit = _hit_redis if uses_redis() else _hit_database
    return hit(key, clock() if now is None else now, amount, base, base * growth) <= amount


def allow_address(address: str | None, now: float | None = None) -> bool:
    """Count an attempt from this client address; False (answer 429) when it is over the limit."""
    return _allow(_digest("address", address or "-"), 1, now)


def allow_account(email: str, now: float | None = None) -> bool:
    """Count an attempt at this e-mail without known-device proof; False while it is held."""
    return _allow(_digest("email", email.strip().lower()), GROWTH, now)


def allow_report(address: str | None, now: float | None = None) -> bool:
    """Count a visitor's problem report from this client address (``REPORT_RATE_LIMIT``); False
    when it is over the limit. The same HMAC-keyed count as the login's, under its own key."""
    return _allow(_digest("report", address or "-"), 1, now, "REPORT_RATE_LIMIT")


def allow_claim(address: str | None, now: float | None = None) -> bool:
    """Count an owner's claim from this client address under the report limit
    (``REPORT_RATE_LIMIT``), its own key."""
    return _allow(_digest("claim", address or "-"), 1, now, "REPORT_RATE_LIMIT")
