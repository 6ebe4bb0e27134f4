"""A photo chosen on a new item's form whose save failed: kept for a day, so that the next save
has it without choosing the file again (a browser never refills a file input).

The form carries a signed token naming the kept upload and the account that chose it; nothing
else can claim it. Uploads older than ``KEEP_FOR`` go when the next one is kept (one indexed
DELETE), or with ``flask photos purge-pending``.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete

from cdd_click.extensions import db
from cdd_click.models import PendingUpload

KEEP_FOR = timedelta(hours=24)
_SALT = "pending-photo"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def purge_old(now: datetime | None = None) -> int:
    """Forget uploads kept longer than ``KEEP_FOR``; how many went. The caller commits."""
    cutoff = (now or datetime.now(UTC)) - KEEP_FOR
    return db.session.execute(delete(PendingUpload).where(
        PendingUpload.created_at < cutoff)).rowcount or 0


def keep(user_id: int, filename: str, data: bytes) -> str:
    """Keep an accepted photo for ``user_id``'s next save (one transaction); its token."""
    key = secrets.token_hex(16)
    purge_old()
    db.session.add(PendingUpload(key=key, user_id=user_id, filename=filename[:200], data=data))
    db.session.commit()
    return _signer().dumps({"k": key, "u": user_id})


def _key(token: str | None, user_id: int) -> str | None:
    try:
        payload = _signer().loads(token or "")
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("u") != user_id:
        return None
    return payload.get("k")


def find(token: str | None, user_id: int) -> PendingUpload | None:
    """The upload ``token`` names, if ``user_id`` kept it and it has not expired."""
    key = _key(token, user_id)
    upload = db.session.get(PendingUpload, key) if key else None
    if upload is None:
        return None
    created = upload.created_at if upload.created_at.tzinfo else upload.created_at.replace(
        tzinfo=UTC)
    return upload if created >= datetime.now(UTC) - KEEP_FOR else None


def forget(upload: PendingUpload) -> None:
    """Drop a kept upload once its item has it (the caller commits)."""
    db.session.delete(upload)
