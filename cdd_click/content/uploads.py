"""Uploaded spreadsheets waiting for their editor's confirmation (kept in the database)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete

from cdd_click.extensions import db
from cdd_click.models import PendingImport, User
from cdd_click.models.common import utcnow

KEEP_FOR = timedelta(days=1)


def keep(user: User, filename: str, data: bytes) -> str:
    """Store an upload for ``user``; returns the token its confirmation names. Uploads older
    than a day are removed at the same time."""
    db.session.execute(delete(PendingImport).where(PendingImport.created_at < utcnow() - KEEP_FOR))
    token = secrets.token_urlsafe(32)
    db.session.add(PendingImport(token=token, user_id=user.id, filename=filename[:200], data=data))
    db.session.commit()
    return token


def find(token: str, user: User) -> PendingImport | None:
    """The upload ``token`` names, if it is ``user``'s and not older than a day."""
    pending = db.session.get(PendingImport, token)
    if pending is None or pending.user_id != user.id:
        return None
    created = pending.created_at if pending.created_at.tzinfo else \
        pending.created_at.replace(tzinfo=utcnow().tzinfo)
    return pending if created >= utcnow() - KEEP_FOR else None
