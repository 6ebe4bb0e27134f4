"""Photo uploads: every file is opened and re-encoded by Pillow, or refused with a Thai message.

Re-encoding is the defence: what is stored and served is a WebP that Pillow wrote itself — no EXIF
(so no GPS position), no trailing data, no markup. Anything Pillow cannot read as JPEG, PNG or WebP,
any decompression bomb, any file that also carries HTML or SVG, is refused.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from cdd_click.models.media import PHOTO_WIDTHS

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # 40 MP: any real camera photo; far below a decompression bomb
MAX_SIDE = 16_383  # WebP cannot encode a wider or taller picture
MAX_ASPECT = 20  # long side / short side: a panorama is ~4-8; a 1x5000 strip is not a photo
MARKUP_SIGNATURES = (b"<html", b"<script", b"<!doctype", b"<svg", b"<iframe",
                     b"<body", b"<object", b"<embed", b"javascript:")
MARKUP_SCAN_BYTES = 64 * 1024  # other formats: the part a browser sniffs, and more
WEBP_QUALITY = 80


class ImageRejected(ValueError):
    """The upload is not an acceptable photo; the message says why, in Thai."""


@dataclass(frozen=True)
class ProcessedPhoto:
    """A re-encoded photo: its content key, size and WebP files by width."""

    key: str
    width: int
    height: int
    variants: dict[int, bytes]


def _check_size(width: int, height: int) -> None:
    """Refuse a picture too large to decode safely, or one WebP cannot hold or no page shows."""
    if width * height > MAX_PIXELS:
        raise ImageRejected(
            f"ภาพใหญ่เกินไป ({width:,}×{height:,} พิกเซล) กรุณาย่อภาพให้ไม่เกิน 40 ล้านพิกเซล")
    if max(width, height) > MAX_SIDE:
        raise ImageRejected(f"ภาพกว้างหรือสูงเกิน {MAX_SIDE:,} พิกเซล ({width:,}×{height:,}) "
                            "กรุณาย่อภาพก่อนส่ง")
    if max(width, height) > MAX_ASPECT * max(min(width, height), 1):
        raise ImageRejected(f"สัดส่วนภาพยาวเกินไป ({width:,}×{height:,} พิกเซล) "
                            f"ด้านยาวต้องไม่เกิน {MAX_ASPECT} เท่าของด้านสั้น")


def _open_checked(data: bytes) -> Image.Image:
    """Pillow's decoding of ``data``, or ImageRejected."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise ImageRejected("รับเฉพาะไฟล์รูปภาพ JPEG, PNG หรือ WebP")
            _check_size(*probe.size)
            probe.verify()
            image = Image.open(BytesIO(data))
            image.load()
        except ImageRejected:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError,
                Image.DecompressionBombWarning, OSError, SyntaxError, ValueError) as exc:
            raise ImageRejected("ไฟล์นี้ไม่ใช่รูปภาพที่ถูกต้อง (JPEG, PNG หรือ WebP)") from exc
    return image


def _webp(image: Image.Image) -> bytes:
    """``image`` as WebP (no exif= : metadata dropped); an encoder failure is ImageRejected."""
    out = BytesIO()
    try:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    except (OSError, ValueError) as exc:
        raise ImageRejected("แปลงภาพนี้เป็น WebP ไม่ได้ กรุณาบันทึกภาพใหม่เป็น JPEG แล้วส่งอีกครั้ง") from exc
    return out.getvalue()


def has_markup(data: bytes) -> bool:
    """True when the file's readable parts hold web markup (a polyglot: a picture that is also a
    page): its markers and metadata before the picture data, and anything after the picture's
    end. Compressed picture data is left out: a JPEG's scan data or a PNG's IDAT is noise, and
    1 photo in a few hundred spells "<svg" or the like in it by chance. What is published is
    re-encoded from the pixels in any case."""
    if data.startswith(b"\xff\xd8"):
        start, end = data.find(b"\xff\xda"), data.rfind(b"\xff\xd9")  # scan start, image end
        tail = data[end + 2:] if end >= 0 else b""
    elif data.startswith(b"\x89PNG"):
        start, end = data.find(b"IDAT"), data.rfind(b"IEND")
        tail = data[end + 8:] if end >= 0 else b""
    else:
        start, tail = MARKUP_SCAN_BYTES, b""
    parts = (data[:start if start >= 0 else MARKUP_SCAN_BYTES], tail)
    return any(signature in part.lower() for part in parts for signature in MARKUP_SIGNATURES)


def process_photo(data: bytes, max_bytes: int) -> ProcessedPhoto:
    """Check ``data`` and re-encode it as WebP in every published width."""
    if not data:
        raise ImageRejected("ไม่พบไฟล์ที่อัปโหลด")
    if len(data) > max_bytes:
        raise ImageRejected(f"ไฟล์ใหญ่เกิน {max_bytes // (1024 * 1024)} MB")
    if has_markup(data):
        raise ImageRejected("ไฟล์นี้มีโค้ดหน้าเว็บปนอยู่ จึงไม่รับเป็นรูปภาพ")
    image = ImageOps.exif_transpose(_open_checked(data))
    image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    variants = {}
    for width in PHOTO_WIDTHS:
        copy = image.copy()
        if copy.width > width:
            copy.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
        variants[width] = _webp(copy)
    key = hashlib.sha256(variants[PHOTO_WIDTHS[-1]]).hexdigest()[:32]
    return ProcessedPhoto(key, image.width, image.height, variants)


class DatabaseMediaStore:
    """Media files in the database: every machine behind the load balancer can serve them."""

    def save(self, name: str, data: bytes) -> None:
        """Write ``name`` (committed with the caller's transaction)."""
        from cdd_click.extensions import db
        from cdd_click.models import MediaBlob

        db.session.merge(MediaBlob(name=name, data=data))
        db.session.flush()

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None."""
        from cdd_click.extensions import db
        from cdd_click.models import MediaBlob

        blob = db.session.get(MediaBlob, name)
        return bytes(blob.data) if blob else None

    def delete(self, name: str) -> None:
        """Remove ``name`` if present (committed with the caller's transaction)."""
        from cdd_click.extensions import db
        from cdd_click.models import MediaBlob

        blob = db.session.get(MediaBlob, name)
        if blob is not None:
            db.session.delete(blob)


class LocalMediaStore:
    """Media files on this machine's disk (the embedded default)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def save(self, name: str, data: bytes) -> None:
        """Write ``name`` atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f".{name}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, self.root / name)

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None."""
        path = self.root / name
        return path.read_bytes() if path.is_file() else None

    def delete(self, name: str) -> None:
        """Remove ``name`` if present."""
        (self.root / name).unlink(missing_ok=True)
