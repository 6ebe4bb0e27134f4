"""Markdown is rendered, then sanitised: content can never inject script."""

from __future__ import annotations

import re

from cdd_click.text import render_markdown


def test_markdown_renders_headings_lists_and_links():
    html = render_markdown("## หัวข้อ\n\n- หนึ่ง\n- สอง\n\n[ลิงก์](https://example.org)")
    assert "<h2" in html and "หัวข้อ</h2>" in html
    assert "<li>หนึ่ง</li>" in html
    assert 'href="https://example.org"' in html


def test_scripts_handlers_and_javascript_urls_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src="x.png" onerror="alert(1)">'
        "[x](javascript:alert(1))<iframe src=//evil></iframe>"
    )
    assert "<script" not in html and "alert(1)</" not in html
    assert "onerror" not in html
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html)
    assert "<a" not in html  # markdown-it does not make it a link at all
    assert "<iframe" not in html


def test_heading_level_shifts_for_bodies_under_a_section():
    assert "<h3" in render_markdown("## ย่อย", heading_level=3)


def _reference(source: str, heading_level: int) -> str:
    """render_markdown without its shortcut: markdown-it on everything, then nh3."""
    import nh3

    from cdd_click import text

    tokens, problem = text._parse(source)
    assert tokens is not None, problem
    return nh3.clean(text._rendered(tokens, heading_level), tags=text._ALLOWED_TAGS,
                     attributes=text._ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"},
                     link_rel="noopener noreferrer nofollow")


def test_plain_paragraphs_render_as_markdown_it_renders_them():
    """The shortcut for text without markup gives markdown-it's own output, on random text
    made of Thai, Latin, digits, punctuation, spaces and line breaks (and markup, which must
    send the text down the full path), and on every body in content/."""
    import random

    from cdd_click import text
    from cdd_click.config import CONTENT_DIR

    plain = ["ผ้าไหม", "แพรวา", "บ้าน", "น้ำ", "ปี 2560", "OTOP", "silk", " ", " ", "  ", "\n",
             "\n\n", "\n\n\n", ".", ",", "(", ")", ":", ";", "'", '"', "/", "%", "?", "-", "+",
             "1.", "2)", " - ", "๑๒", "ฯ", "…", "“", "”", "\xa0", "\n  "]
    markup = ["*", "_", "#", ">", "<b>", "&", "[x]", "`", "|", "=", "\t", "    ", "\r\n", "- ",
              "1. ", "  \n", "!", "\\"]
    rng = random.Random(11)
    samples = ["".join(rng.choice(plain) for _ in range(rng.randint(0, 25)))
               for _ in range(2_500)]
    samples += ["".join(rng.choice(plain + markup) for _ in range(rng.randint(0, 25)))
                for _ in range(1_000)]
    samples += [path.read_text(encoding="utf-8").split("---", 2)[-1]
                for path in CONTENT_DIR.rglob("*.md")]
    shortcut = 0
    for source in samples:
        for level in (2, 3):
            if text._plain_paragraphs(source) is not None:
                shortcut += 1
            assert str(text.render_markdown(source, level)) == _reference(source, level), source
    assert 1_000 < shortcut < 2 * len(samples)  # both paths were taken, often
