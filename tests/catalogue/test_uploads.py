"""Upload attacks get a clear form error, and nothing reaches the database or the disk."""

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalogue.models import ProductImage
from core.uploads import clean_image_upload
from tests.factories.catalogue import image_bytes, upload


def files_under(root) -> list[str]:
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (all black, compresses ~1000:1)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = zlib.compress(b"\x00" * ((width // 8 + 1) * height), 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def check_refused(name, data, code):
    with pytest.raises(ValidationError) as info:
        clean_image_upload(upload(name, data))
    assert info.value.code == code, info.value.messages
    assert info.value.messages[0]


def test_good_images_are_reencoded_without_metadata():
    buffer = io.BytesIO()
    exif = PILImage.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (1.0, 2.0, 3.0)}  # GPS
    PILImage.new("RGB", (40, 30), "red").save(buffer, format="JPEG", exif=exif.tobytes())
    clean = clean_image_upload(upload("camera.JPG", buffer.getvalue()))
    assert clean.format == "JPEG" and (clean.width, clean.height) == (40, 30)
    assert b"SecretCam" not in clean.data
    assert "exif" not in PILImage.open(io.BytesIO(clean.data)).info
    for fmt, name in (("PNG", "a.png"), ("WEBP", "a.webp")):
        assert clean_image_upload(upload(name, image_bytes(fmt))).format == fmt


def test_decompression_bomb_is_refused_before_decoding(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
    check_refused("bomb.png", bomb_png(20_000, 20_000), "too_many_pixels")


def test_over_the_pixel_limit_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100
    check_refused("big.png", image_bytes(size=(20, 20)), "too_many_pixels")


def test_truncated_file_is_refused():
    data = image_bytes("JPEG", size=(200, 200))
    check_refused("cut.jpg", data[: len(data) // 2], "corrupt")


def test_lying_extension_is_refused():
    check_refused("photo.jpg", image_bytes("PNG"), "lying_extension")


def test_html_named_jpg_is_refused():
    check_refused("photo.jpg", b"<html><script>alert(1)</script></html>", "not_image")


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
    check_refused("logo.svg", svg, "not_image")


def test_gif_polyglot_is_refused():
    # The classic GIF/JavaScript polyglot: a valid GIF that is also a script.
    gif = io.BytesIO()
    PILImage.new("P", (4, 4)).save(gif, format="GIF")
    check_refused("x.gif", gif.getvalue() + b"*/=alert(1)//", "not_image")


def test_trailing_payload_after_a_real_image_is_dropped():
    data = image_bytes("PNG") + b"<?php system($_GET['c']); ?><script>alert(1)</script>"
    clean = clean_image_upload(upload("photo.png", data))
    assert b"<?php" not in clean.data and b"<script" not in clean.data


def test_oversize_file_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    check_refused("big.png", image_bytes(size=(300, 300), color=None) + b"\0" * 2000, "too_big")


def test_empty_file_is_refused():
    check_refused("empty.png", b"", "empty")


ATTACKS = {
    "bomb": ("bomb.png", lambda: bomb_png(20_000, 20_000), "million pixels"),
    "truncated": (
        "cut.jpg",
        lambda: (lambda d: d[: len(d) // 2])(image_bytes("JPEG", size=(200, 200))),
        "damaged or incomplete",
    ),
    "lying": ("photo.jpg", lambda: image_bytes("PNG"), "really a PNG"),
    "svg": ("logo.svg", lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a JPEG"),
    "html": ("x.png", lambda: b"<script>alert(1)</script>", "not a JPEG"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_listing_form_shows_the_error_and_stores_nothing(
    attack, client, seller_user, category, settings, _media_root
):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
    name, make, message = ATTACKS[attack]
    client.force_login(seller_user)
    data = {
        "name": "Brocade stole",
        "category": category.pk,
        "district": seller_user.seller_memberships.get().seller.district_id,
        "description": "Silk stole",
        "moq": 5,
        "unit": "piece",
        "lead_time_days": 20,
        "tiers-TOTAL_FORMS": 1,
        "tiers-INITIAL_FORMS": 0,
        "tiers-0-min_quantity": 5,
        "tiers-0-unit_price_inr": "900",
        "photos-TOTAL_FORMS": 2,
        "photos-INITIAL_FORMS": 0,
        "photos-0-photo": upload("good.png"),
        "photos-0-alt_text": "A good photo",
        "photos-1-photo": upload(name, make()),
        "photos-1-alt_text": "An attack",
        "existing-TOTAL_FORMS": 0,
        "existing-INITIAL_FORMS": 0,
        "certs-TOTAL_FORMS": 0,
        "certs-INITIAL_FORMS": 0,
    }
    response = client.post("/dashboard/listings/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProductImage.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert files_under(_media_root) == []
