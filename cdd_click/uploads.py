"""How large an upload may be: ``MAX_UPLOAD_MB`` for every form, and a larger cap for the views
that ask for one (the import's ``.zip`` of a sheet and its photos, ``IMPORT_MAX_UPLOAD_MB``).

The cap is set on the request before anything reads its body (the CSRF check reads the form),
so a request past it is a 413 whose page states the cap of that route; one function says which
cap applies, and the pages and refusals all take their figure from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO, TypeVar

from flask import Flask, current_app, has_request_context, request

MB = 1024 * 1024
FORM_ROOM = 64 * 1024  # the form's other fields and the multipart framing, beyond the file
View = TypeVar("View", bound=Callable)


def megabytes(size: int) -> str:
    """``size`` bytes in MB as pages and refusals write it: ``100``, ``0.2``, ``10.8``."""
    return f"{size / MB:.1f}".removesuffix(".0")


def size_of(stream: BinaryIO) -> int:
    """The bytes in a seekable file, which is left at its start."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def larger_uploads(setting: str) -> Callable[[View], View]:
    """Mark a view as taking a file up to ``app.config[setting]`` bytes (not MAX_CONTENT_LENGTH)."""
    def mark(view: View) -> View:
        view.upload_cap_setting = setting
        return view
    return mark


def route_cap() -> int:
    """The largest file the current request's route takes, in bytes."""
    config = current_app.config
    if has_request_context() and request.endpoint:
        view = current_app.view_functions.get(request.endpoint)
        setting = getattr(view, "upload_cap_setting", None)
        if setting:
            return int(config[setting])
    return int(config.get("MAX_CONTENT_LENGTH") or 0)


def _apply_route_cap() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "upload_cap_setting", None):
        request.max_content_length = route_cap() + FORM_ROOM


def init_app(app: Flask) -> None:
    """Set each request's cap before any other check reads its body."""
    app.before_request_funcs.setdefault(None, []).insert(0, _apply_route_cap)
