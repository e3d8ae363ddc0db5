"""Issue 19 items 1 and 2: receipts and every private trade document live in a private storage
root outside MEDIA_ROOT under random names, are judged by their bytes with the one shared
validator, and are served only through the authorising views with the detected type,
`nosniff` and `attachment`."""

import json
import re
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalogue.forms import CertificationForm
from core.backup import backup
from core.uploads import validate_attachment
from marketplace.models import Message, MessageAttachment, OrderDocument
from marketplace.payments.models import OfflineReceipt
from tests.factories import UserFactory
from tests.factories.catalogue import image_bytes
from tests.factories.marketplace import make_trade

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOSTILE = {
    "html": b"<!doctype html><html><script>alert(document.cookie)</script></html>",
    "windows_exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 64,
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
}
RANDOM_NAME = re.compile(r"^[a-z_]+/[0-9a-f]{32}\.(pdf|png|jpg)$")


@pytest.fixture(autouse=True)
def no_keys(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


@pytest.fixture
def offline_trade():
    return make_trade(payment_terms="bank_transfer")


def post_receipt(client, order, name, data, content_type="application/pdf"):
    return client.post(
        reverse("marketplace:payments:receipt_new", args=[order.number]),
        {
            "reference": f"UTR-{name}",
            "amount": "10.00",
            "received_on": timezone.localdate().isoformat(),
            "document": SimpleUploadedFile(name, data, content_type=content_type),
        },
    )


def assert_private(field, settings):
    path = Path(field.path).resolve()
    assert RANDOM_NAME.match(field.name), field.name
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        field.url  # noqa: B018 - a private file has no public URL


def test_receipts_are_stored_privately_under_random_names(client, offline_trade, settings):
    seller_user, buyer, order = offline_trade
    client.force_login(seller_user)
    post_receipt(client, order, "advice-from-hdfc.pdf", PDF)
    receipt = OfflineReceipt.objects.get()
    assert_private(receipt.document, settings)
    assert "hdfc" not in receipt.document.name
    assert receipt.document_name == "advice-from-hdfc.pdf"
    assert receipt.content_type == "application/pdf"
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))

    url = reverse("marketplace:payments:receipt_document", args=[order.number, receipt.pk])
    client.force_login(buyer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_a_picture_named_pdf_is_stored_and_served_as_what_it_is(client, offline_trade):
    seller_user, buyer, order = offline_trade
    client.force_login(seller_user)
    post_receipt(client, order, "advice.pdf", image_bytes("PNG"))
    receipt = OfflineReceipt.objects.get()
    assert receipt.content_type == "image/png"
    assert receipt.document.name.endswith(".png")
    client.force_login(buyer)
    url = reverse("marketplace:payments:receipt_document", args=[order.number, receipt.pk])
    assert client.get(url)["Content-Type"] == "image/png"


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_content_named_pdf_is_refused_with_a_clear_message(client, offline_trade, kind):
    seller_user, _buyer, order = offline_trade
    client.force_login(seller_user)
    response = post_receipt(client, order, "advice.pdf", HOSTILE[kind])
    assert response.status_code == 200
    assert "“advice.pdf” is not a PDF, JPEG or PNG file" in response.content.decode()
    assert not OfflineReceipt.objects.exists()
    order.refresh_from_db()
    assert order.status == "awaiting_payment"


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_certificates_use_the_same_validator(kind):
    form = CertificationForm(
        data={"kind": "iso", "number": "X1"},
        files={"document": SimpleUploadedFile("certificate.pdf", HOSTILE[kind])},
    )
    assert not form.is_valid()
    assert "“certificate.pdf” is not a PDF, JPEG or PNG file" in str(form.errors["document"])


def test_order_documents_and_message_attachments_are_private_too(offline_trade, settings):
    seller_user, _buyer, order = offline_trade
    upload = SimpleUploadedFile("Invoice 42 (ACME).pdf", PDF)
    validate_attachment(upload)
    document = OrderDocument.objects.create(
        order=order, file=upload, original_name=upload.name, content_type="application/pdf"
    )
    assert_private(document.file, settings)
    assert "Invoice" not in document.file.name
    message = Message.objects.create(
        enquiry=order.quotation.enquiry, sender=seller_user, from_buyer=False, body="x"
    )
    attachment = MessageAttachment.objects.create(
        message=message,
        file=SimpleUploadedFile("photo.png", image_bytes("PNG")),
        original_name="photo.png",
        content_type="image/png",
        size=10,
    )
    assert_private(attachment.file, settings)


def test_existing_files_are_moved_out_of_media(offline_trade, settings):
    _seller_user, _buyer, order = offline_trade
    old_name = default_storage.save("payments/receipts/2026/01/advice.pdf", ContentFile(PDF))
    receipt = OfflineReceipt.objects.create(
        order=order,
        method="bank_transfer",
        reference="UTR-OLD",
        amount="5.00",
        received_on=timezone.localdate(),
        document=old_name,
        document_name="advice.pdf",
    )
    call_command("move_private_files", verbosity=0)
    receipt.refresh_from_db()
    assert_private(receipt.document, settings)
    assert receipt.document.read() == PDF
    assert receipt.content_type == "application/pdf"
    assert not default_storage.exists(old_name)
    call_command("move_private_files", verbosity=0)  # idempotent
    receipt.refresh_from_db()
    assert receipt.document.read() == PDF


# A backup runs outside any transaction (manage.py backup_site); inside the test's wrapping
# transaction SQLite's backup API would wait for ever on its own uncommitted write (WAL).
@pytest.mark.django_db(transaction=True)
def test_backups_carry_the_private_documents(client, offline_trade, tmp_path):
    seller_user, _buyer, order = offline_trade
    client.force_login(seller_user)
    post_receipt(client, order, "advice.pdf", PDF)
    name = OfflineReceipt.objects.get().document.name

    folder = backup(destination=tmp_path / "backup")

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["private_media_file"] == "private-media.tar.gz"
    with tarfile.open(folder / "private-media.tar.gz") as archive:
        assert archive.extractfile(f"./{name}").read() == PDF
