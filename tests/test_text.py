"""Markdown is rendered, then sanitised: content can never inject script."""

from __future__ import annotations

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
    assert "javascript:" not in html
    assert "<iframe" not in html


def test_heading_level_shifts_for_bodies_under_a_section():
    assert "<h3" in render_markdown("## ย่อย", heading_level=3)
