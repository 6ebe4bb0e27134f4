"""Content files (Markdown with YAML front matter) to database and back."""

from cdd_click.content.files import ContentError
from cdd_click.content.loader import (
    ContentInvalid,
    KnownAreas,
    LoadReport,
    load_content,
    validate_content,
)

__all__ = ["ContentError", "ContentInvalid", "KnownAreas", "LoadReport", "load_content",
           "validate_content"]
