"""The guides name only commands and settings that exist: every `flask …` command in README.md
and docs/ resolves in the app's command line, and every setting written like `SITE_URL` is read
somewhere in the code, the Makefile, CI or the benchmarks."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CODE = [*ROOT.joinpath("cdd_click").rglob("*.py"), *ROOT.joinpath("bench").rglob("*"),
        ROOT / "gunicorn.conf.py", ROOT / "wsgi.py", ROOT / "Makefile", ROOT / ".ci" / "run"]
_CODE_SPANS = re.compile(r"```.*?```|`[^`\n]+`", re.S)
_FLASK = re.compile(r"flask(?: --app cdd_click)?((?: [a-z][a-z-]*)+)")
_SETTING = re.compile(r"`([A-Z][A-Z0-9_]{3,})(?:=[^`]*)?`")


def _spans() -> list[tuple[str, str]]:
    return [(guide.name, span) for guide in GUIDES
            for span in _CODE_SPANS.findall(guide.read_text(encoding="utf-8"))]


def test_the_guides_exist_and_link_to_each_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for guide in ("staff", "operations", "search", "benchmarks"):
        assert (ROOT / "docs" / f"{guide}.md").exists()
        assert f"docs/{guide}.md" in readme


def test_every_flask_command_the_guides_name_exists(app):
    named = {(name, tuple(words.split()[:2]))
             for name, span in _spans() for words in _FLASK.findall(span)}
    assert len(named) > 15  # the guides do name commands: the pattern still reads them
    context = click.Context(app.cli)
    missing = []
    for guide, words in sorted(named):
        command = app.cli.get_command(context, words[0])
        if isinstance(command, click.Group) and len(words) > 1:
            command = command.get_command(context, words[1])
        if command is None:
            missing.append(f"{guide}: flask {' '.join(words)}")
    assert missing == []


def test_every_setting_the_guides_name_is_read_somewhere():
    code = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in CODE
                     if path.is_file())
    named = {(guide, setting) for guide, span in _spans() for setting in _SETTING.findall(span)}
    assert len(named) > 20
    missing = sorted(f"{guide}: {setting}" for guide, setting in named
                     if not re.search(rf"\b{setting}\b", code))
    assert missing == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_every_relative_link_in_a_guide_points_at_a_file(guide):
    text = guide.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", text):
        assert (guide.parent / target).exists(), f"{guide.name}: {target}"
