"""Photos with web markup are refused, but compressed picture data that happens to spell
"<svg" is not: a real phone photo must not be refused by chance."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cdd_click.media import ImageRejected, has_markup, process_photo


def _jpeg(comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG", quality=90)
    data = out.getvalue()
    if comment:  # a COM segment right after SOI, where a polyglot hides its page
        segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
        data = data[:2] + segment + data[2:]
    return data


def test_markup_in_a_photos_metadata_is_refused():
    with pytest.raises(ImageRejected, match="โค้ดหน้าเว็บ"):
        process_photo(_jpeg(b"<script>alert(1)</script>"), 10 * 1024 * 1024)
    assert has_markup(b"<html><body>not a picture</body></html>")


def test_picture_data_that_spells_markup_by_chance_is_a_photo():
    data = _jpeg()
    scan = data.index(b"\xff\xda")
    chance = data[:scan] + data[scan:-2] + b"<SVG" + data[-2:]  # inside the scan data
    assert not has_markup(chance)
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    body = png.getvalue()
    idat = body.index(b"IDAT")
    assert not has_markup(body[:idat + 4] + b"<svg" + body[idat + 4:])
    assert has_markup(body[:idat - 4] + b"<svg" + body[idat - 4:])  # before the picture data
    assert process_photo(data, 10 * 1024 * 1024).width == 64


def test_markup_after_the_picture_is_refused():
    data = _jpeg()
    assert has_markup(data + b"<html><script>alert(1)</script></html>")
