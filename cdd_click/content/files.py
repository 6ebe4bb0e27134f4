"""Reading one content file: UTF-8 text, YAML front matter and a Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)(.*)\Z", re.DOTALL)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is reported by its field's check."""


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


@dataclass(frozen=True)
class ContentError:
    """One problem in one field of one file, printed as ``file: field: what is wrong``."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


@dataclass
class RawItem:
    """A parsed file before its fields are checked."""

    path: str
    slug: str
    front_matter: dict[str, Any]
    body: str


def read_item(path: Path) -> tuple[RawItem | None, list[ContentError]]:
    """Parse ``path``; return the raw item, or None and the reasons it cannot be read."""
    where = str(path)
    errors: list[ContentError] = []
    if not SLUG_RE.match(path.stem):
        errors.append(
            ContentError(where, "slug", "file name must be lowercase a-z, 0-9 and hyphens")
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [ContentError(where, "encoding", f"not UTF-8 (byte {exc.start})")]
    match = _FRONT_MATTER_RE.match(text.replace("\r\n", "\n"))
    if not match:
        return None, [
            *errors,
            ContentError(where, "front matter", "missing: start the file with --- YAML ---"),
        ]
    try:
        data = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid"
        return None, [*errors, ContentError(where, "front matter", f"YAML {problem}{line}")]
    if not isinstance(data, dict):
        return None, [*errors, ContentError(where, "front matter", "must be key: value pairs")]
    if errors:
        return None, errors
    return RawItem(where, path.stem, data, match.group(2).strip()), []
