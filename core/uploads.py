"""Safe image uploads for product and seller photos.

Every upload is judged by its content, never its name: Pillow must recognise it as JPEG, PNG
or WebP, its header must declare no more pixels than IMAGE_UPLOAD_MAX_PIXELS (checked before
any pixel is decoded, so a decompression bomb costs nothing), the file must be no larger than
IMAGE_UPLOAD_MAX_BYTES, and it must decode completely (a truncated file fails). What we store
is a fresh encoding of the decoded pixels: metadata (EXIF, GPS, comments) and any bytes
smuggled after the image data are gone.

Documents (PDF, JPEG or PNG attachments, receipts, certificates) are checked, not re-encoded,
by `validate_attachment`: the one document validator every upload form uses.

`clean_image_upload` raises ValidationError with a sentence a seller understands; forms call it
in `clean_<field>`. `save_wagtail_image` stores an already-cleaned image; nothing touches the
storage before cleaning succeeded.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
EXTENSIONS = {
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "jfif": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
}
FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    format: str  # "JPEG" | "PNG" | "WEBP"
    width: int
    height: int
    filename: str


def _limits() -> tuple[int, int]:
    return settings.IMAGE_UPLOAD_MAX_BYTES, settings.IMAGE_UPLOAD_MAX_PIXELS


def clean_image_upload(upload) -> CleanImage:
    """Validate an uploaded file and return its re-encoded bytes, or raise ValidationError."""
    max_bytes, max_pixels = _limits()
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; photos may be at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_big",
        )
    upload.seek(0)
    raw = upload.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValidationError(
            _("This file is larger than %(max)s, the limit for photos.")
            % {"max": filesizeformat(max_bytes)},
            code="too_big",
        )
    if not raw:
        raise ValidationError(_("The file is empty."), code="empty")

    with warnings.catch_warnings():
        # Pillow warns (and past 2x its own limit raises) on huge images; our limit is far
        # lower and checked from the header below, so turn its warning into an error too.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            probe = PILImage.open(io.BytesIO(raw), formats=list(ALLOWED_FORMATS))
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
            raise ValidationError(
                _(
                    "This photo has far too many pixels; the limit is %(max)s million pixels. "
                    "Please resize it."
                )
                % {"max": f"{max_pixels / 1_000_000:g}"},
                code="too_many_pixels",
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise ValidationError(
                _("This is not a JPEG, PNG or WebP photo: its content is not a picture we accept."),
                code="not_image",
            ) from exc

        fmt = probe.format
        width, height = probe.size
        if fmt not in ALLOWED_FORMATS:  # pragma: no cover - `formats=` already restricts
            raise ValidationError(_("Only JPEG, PNG and WebP photos are accepted."), code="format")
        if width * height > max_pixels or width < 1 or height < 1:
            raise ValidationError(
                _(
                    "This photo is %(w)d × %(h)d pixels; the limit is %(max)s million pixels. "
                    "Please resize it."
                )
                % {"w": width, "h": height, "max": f"{max_pixels / 1_000_000:g}"},
                code="too_many_pixels",
            )

        name = os.path.basename(getattr(upload, "name", "") or "")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext and EXTENSIONS.get(ext) != fmt:
            raise ValidationError(
                _(
                    "The file name ends in .%(ext)s but the file is really a %(real)s image. "
                    "Please upload it with its true extension."
                )
                % {"ext": ext[:10], "real": FORMAT_NAMES[fmt]},
                code="lying_extension",
            )

        try:
            # verify() checks the structure (CRCs, chunk layout); load() then decodes every
            # pixel, which is what catches truncated files. verify() leaves the object
            # unusable, hence the second open.
            probe.verify()
            picture = PILImage.open(io.BytesIO(raw), formats=[fmt])
            picture.load()
        except (
            OSError,
            SyntaxError,
            ValueError,
            PILImage.DecompressionBombError,
            PILImage.DecompressionBombWarning,
        ) as exc:
            raise ValidationError(
                _("This photo is damaged or incomplete (perhaps the upload was cut short)."),
                code="corrupt",
            ) from exc

    return _reencode(picture, fmt, width, height, name)


def _reencode(picture, fmt: str, width: int, height: int, name: str) -> CleanImage:
    picture = ImageOps.exif_transpose(picture)  # keep the orientation the camera meant
    if fmt == "JPEG":
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        save_kwargs = {"quality": 88, "optimize": True}
    elif fmt == "PNG":
        if picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            picture = picture.convert("RGBA")
        save_kwargs = {"optimize": True}
    else:
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
        save_kwargs = {"quality": 88}
    out = io.BytesIO()
    # No exif=, icc_profile= or pnginfo= arguments: nothing but pixels is written.
    picture.save(out, format=fmt, **save_kwargs)
    stem = slugify(os.path.splitext(name)[0])[:60] or "photo"
    filename = get_valid_filename(f"{stem}.{ALLOWED_FORMATS[fmt]}")
    return CleanImage(
        data=out.getvalue(),
        format=fmt,
        width=picture.width,
        height=picture.height,
        filename=filename,
    )


def save_wagtail_image(clean: CleanImage, *, title: str, user=None):
    """Store a cleaned image as a Wagtail image (the caller's transaction covers it)."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    image = image_model(title=title[:255] or clean.filename, uploaded_by_user=user)
    image.file.save(clean.filename, ContentFile(clean.data), save=False)
    image.width, image.height = clean.width, clean.height
    image.file_size = len(clean.data)
    image._set_file_hash()
    image.save()
    return image


# --- Documents -------------------------------------------------------------------------------

DOCUMENT_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
DOCUMENT_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def attachment_max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)


def validate_attachment(upload, *, max_bytes: int | None = None) -> None:
    """The one check for every uploaded document (message attachments, order documents,
    offline-payment receipts, certificates): PDF, JPEG or PNG judged by the file's first
    bytes, never its name or the browser's content type, up to `max_bytes` (default
    ATTACHMENT_MAX_BYTES). Sets `validated_content_type` and a safe name with the true
    extension on the upload. Images must decode within the pixel limit; PDFs must be whole.
    Photos shown on the site go through `clean_image_upload` instead (re-encoded)."""
    limit = max_bytes or attachment_max_bytes()
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
    kind = next((ct for sig, ct in DOCUMENT_SIGNATURES.items() if head.startswith(sig)), None)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file. Only those can be attached.")
            % {"name": upload.name}
        )
    if kind.startswith("image/"):
        max_pixels = getattr(settings, "IMAGE_UPLOAD_MAX_PIXELS", 24_000_000)
        try:
            with PILImage.open(upload) as image:
                if image.width * image.height > max_pixels:
                    raise ValidationError(
                        _("“%(name)s” has too many pixels.") % {"name": upload.name}
                    )
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            PILImage.DecompressionBombError,
        ) as exc:
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
    upload.name = stem + DOCUMENT_EXTENSIONS[kind]
    upload.validated_content_type = kind
