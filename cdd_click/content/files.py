"""Reading one content file: UTF-8 text, YAML front matter and a Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILE_BYTES = 1_000_000  # twenty times the longest body an editor may write, in Thai UTF-8
MAX_NESTING = 10  # front matter is flat: a list of photos is two levels deep
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


def _shape_problem(source: str) -> str | None:
    """Why the YAML is refused before it is built: building recurses once per level of nesting."""
    depth = 0
    for event in yaml.parse(source, Loader=_FrontMatterLoader):
        if isinstance(event, yaml.AliasEvent):  # aliases could build any depth from flat text
            return "anchors and aliases (&name, *name) are not allowed"
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                return f"nested deeper than {MAX_NESTING} levels"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _parse_front_matter(source: str) -> tuple[Any, str | None]:
    """The front matter's data, or the message saying why it cannot be read."""
    try:
        problem = _shape_problem(source)
        if problem:
            return None, problem
        return yaml.load(source, Loader=_FrontMatterLoader), None  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark else ""
        return None, f"YAML {getattr(exc, 'problem', None) or 'invalid'}{line}"


def _read_text(path: Path) -> tuple[str | None, ContentError | None]:
    """The file's text, refused unread when too large (a file is read whole into memory)."""
    where = str(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, ContentError(
            where, "size", f"{size:,} bytes; a content file may be at most {MAX_FILE_BYTES:,}")
    try:
        return path.read_bytes().decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, ContentError(where, "encoding", f"not UTF-8 (byte {exc.start})")


def read_item(path: Path) -> tuple[RawItem | None, list[ContentError]]:
    """Parse ``path``; return the raw item, or None and the reasons it cannot be read."""
    where = str(path)
    errors: list[ContentError] = []
    if not SLUG_RE.match(path.stem):
        errors.append(
            ContentError(where, "slug", "file name must be lowercase a-z, 0-9 and hyphens")
        )
    text, unreadable = _read_text(path)
    if unreadable:
        return None, [unreadable]
    match = _FRONT_MATTER_RE.match(text.replace("\r\n", "\n"))
    if not match:
        return None, [
            *errors,
            ContentError(where, "front matter", "missing: start the file with --- YAML ---"),
        ]
    data, problem = _parse_front_matter(match.group(1))
    if problem:
        return None, [*errors, ContentError(where, "front matter", problem)]
    if not isinstance(data, dict):
        return None, [*errors, ContentError(where, "front matter", "must be key: value pairs")]
    if errors:
        return None, errors
    return RawItem(where, path.stem, data, match.group(2).strip()), []
