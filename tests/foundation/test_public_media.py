"""Production serves the public pictures under MEDIA_ROOT (Wagtail originals and renditions)
and nothing else there: trade attachments and receipts share MEDIA_ROOT but must only ever be
served by their authorising views."""

import uuid
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00"
    b"\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)


@pytest.fixture
def media_root():
    # The route binds MEDIA_ROOT when the URLconf loads (it never changes in production), so
    # the test writes where the route looks rather than into the per-test media folder.
    return Path(resolve("/media/images/probe.webp").kwargs["document_root"])


@pytest.fixture
def public_and_private_files(media_root):
    name = f"probe-{uuid.uuid4().hex}"
    files = {
        "rendition": media_root / "images" / f"{name}.fill-320x240.format-webp.webp",
        "original": media_root / "original_images" / f"{name}.webp",
        "attachment": media_root / "trade" / "2026" / "11" / name / "contract.pdf",
        "receipt": media_root / "payments" / "receipts" / f"{name}.pdf",
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(WEBP if path.suffix == ".webp" else b"%PDF-1.4 secret")
    yield {key: "/media/" + path.relative_to(media_root).as_posix() for key, path in files.items()}
    for path in files.values():
        path.unlink(missing_ok=True)


@pytest.mark.django_db
def test_pictures_are_served_with_a_cache_header(client, public_and_private_files):
    for key in ("rendition", "original"):
        response = client.get(public_and_private_files[key])
        assert response.status_code == 200, key
        assert response["Content-Type"] == "image/webp"
        assert "max-age=86400" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == WEBP


@pytest.mark.django_db
def test_trade_documents_are_never_served_by_path(client, public_and_private_files):
    for key in ("attachment", "receipt"):
        assert client.get(public_and_private_files[key]).status_code == 404, key


@pytest.mark.django_db
def test_no_escape_from_the_picture_folders(client, public_and_private_files):
    receipt = public_and_private_files["receipt"].removeprefix("/media/")
    for url in (f"/media/images/../{receipt}", f"/media/images/%2e%2e/{receipt}"):
        assert client.get(url).status_code == 404, url
    with pytest.raises(Resolver404):
        resolve(f"/media/images/sub/{receipt}")
