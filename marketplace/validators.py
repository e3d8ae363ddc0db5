"""Attachment checks: the file's bytes decide its type (never its name), with a size cap."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def attachment_max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)


def validate_attachment(upload) -> None:
    """Accept PDF, JPEG or PNG up to the size limit; sets `validated_content_type`
    and a safe name on the upload. Images must decode within the pixel limit."""
    limit = attachment_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s MB). The limit is %(limit)s MB per file.")
            % {
                "name": upload.name,
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": limit // 1024 // 1024,
            }
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((ct for sig, ct in SIGNATURES.items() if head.startswith(sig)), None)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file. Only those can be attached.")
            % {"name": upload.name}
        )
    if kind.startswith("image/"):
        max_pixels = getattr(settings, "IMAGE_UPLOAD_MAX_PIXELS", 24_000_000)
        try:
            with Image.open(upload) as image:
                if image.width * image.height > max_pixels:
                    raise ValidationError(
                        _("“%(name)s” has too many pixels.") % {"name": upload.name}
                    )
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
            raise ValidationError(
                _("“%(name)s” is damaged or not a real image.") % {"name": upload.name}
            ) from exc
        finally:
            upload.seek(0)
    else:
        upload.seek(0)
        tail_ok = b"%%EOF" in upload.read()[-2048:]
        upload.seek(0)
        if not tail_ok:
            raise ValidationError(
                _("“%(name)s” is an incomplete PDF file.") % {"name": upload.name}
            )
    stem = os.path.splitext(get_valid_filename(os.path.basename(upload.name)))[0][:80] or "file"
    upload.name = stem + EXTENSIONS[kind]
    upload.validated_content_type = kind
