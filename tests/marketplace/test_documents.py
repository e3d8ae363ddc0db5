"""Shipping documents on orders: the seller adds them when marking the order shipped and
afterwards; buyer and seller download them through the authorising view; bad files, the
wrong person and the wrong state are refused with a message and nothing is stored."""

import io
import os

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.uploads import validate_attachment
from marketplace.models import OrderDocument, OrderEvent
from marketplace.services import TradeError, order_documents_add, order_ship, order_transition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def pdf(name="invoice.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png(name="packing.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def in_production(order):
    order_transition(order=order, to="paid")
    order_transition(order=order, to="in_production")
    return order


def shipped(order):
    in_production(order)
    order_transition(order=order, to="shipped", tracking_number="DHL1")
    return order


def files_under(root) -> list[str]:
    """Files under `root` and under the private storage root (where trade documents go)."""
    roots = (root, settings.PRIVATE_MEDIA_ROOT)
    return [os.path.join(d, f) for r in roots for d, _dirs, names in os.walk(r) for f in names]


def test_seller_ships_with_documents_and_buyer_downloads_them(
    client, world, django_capture_on_commit_callbacks
):
    order = in_production(world["order"])
    mail.outbox.clear()
    client.force_login(world["seller"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("marketplace:order_status", args=[order.number]),
            {
                "to": "shipped",
                "tracking_number": "1Z999",
                "carrier": "UPS",
                "document_kind": "commercial_invoice",
                "documents": [pdf(), pdf("invoice-copy.pdf")],
            },
        )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == ("shipped", "UPS", "1Z999")
    docs = list(order.documents.all())
    assert [(d.kind, d.original_name, d.content_type) for d in docs] == [
        ("commercial_invoice", "invoice.pdf", "application/pdf"),
        ("commercial_invoice", "invoice-copy.pdf", "application/pdf"),
    ]
    assert "invoice.pdf" in OrderEvent.objects.filter(order=order).last().note
    # One shipment email for the buyer naming the documents (not a second one at once).
    to_buyer = [m for m in mail.outbox if m.to == [world["buyer"].email]]
    assert len(to_buyer) == 1 and "Shipped" in to_buyer[0].subject
    assert "invoice.pdf" in to_buyer[0].body

    client.force_login(world["buyer"])
    page = client.get(order.get_absolute_url())
    link = reverse("marketplace:order_document", args=[order.number, docs[0].pk])
    assert link in page.content.decode()
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    # The file is not under a guessable public path.
    assert order.number not in docs[0].file.name


def test_documents_added_after_shipping_email_the_buyer(
    client, world, django_capture_on_commit_callbacks
):
    order = shipped(world["order"])
    mail.outbox.clear()
    client.force_login(world["seller"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("marketplace:order_documents", args=[order.number]),
            {"kind": "certificate_of_origin", "files": [png()]},
        )
    assert response.status_code == 302
    doc = order.documents.get()
    assert (doc.kind, doc.content_type, doc.original_name) == (
        "certificate_of_origin",
        "image/png",
        "packing.png",
    )
    [email] = mail.outbox
    assert email.to == [world["buyer"].email]
    assert email.subject == f"Order {order.number}: documents added"
    assert "Certificate of origin (packing.png)" in email.body
    # The seller sees and downloads it too.
    url = reverse("marketplace:order_document", args=[order.number, doc.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf"), "is not a PDF, JPEG or PNG"),
        (SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "damaged"),
        (SimpleUploadedFile("cut.pdf", b"%PDF-1.4\n1 0 obj"), "incomplete PDF"),
        (SimpleUploadedFile("empty.pdf", b""), "empty"),
        (SimpleUploadedFile("page.html", b"<html><script>x</script>"), "is not a PDF"),
    ],
)
def test_bad_files_are_refused_and_never_stored(client, world, _media_root, upload, message):
    order = shipped(world["order"])
    client.force_login(world["seller"])
    response = client.post(
        reverse("marketplace:order_documents", args=[order.number]),
        {"kind": "packing_list", "files": [upload]},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OrderDocument.objects.exists()
    assert files_under(_media_root) == []


def test_oversize_files_are_refused(client, world, settings, _media_root):
    settings.ATTACHMENT_MAX_BYTES = 1024
    order = shipped(world["order"])
    client.force_login(world["seller"])
    big = pdf("scan.pdf", PDF[:-7] + b" " * 2048 + b"\n%%EOF\n")
    response = client.post(
        reverse("marketplace:order_documents", args=[order.number]),
        {"kind": "bill_of_lading", "files": [big]},
    )
    assert response.status_code == 400
    assert "is too large" in response.content.decode()
    assert not OrderDocument.objects.exists()
    assert files_under(_media_root) == []


def test_a_bad_file_with_the_shipment_keeps_the_order_unshipped(client, world, _media_root):
    order = in_production(world["order"])
    client.force_login(world["seller"])
    client.post(
        reverse("marketplace:order_status", args=[order.number]),
        {
            "to": "shipped",
            "tracking_number": "1Z999",
            "documents": [pdf(), SimpleUploadedFile("x.pdf", b"GIF89a")],
        },
    )
    order.refresh_from_db()
    assert order.status == "in_production"
    assert not OrderDocument.objects.exists()
    assert files_under(_media_root) == []


def test_no_kind_or_no_file_is_a_form_error(client, world):
    order = shipped(world["order"])
    client.force_login(world["seller"])
    url = reverse("marketplace:order_documents", args=[order.number])
    no_kind = client.post(url, {"files": [pdf()]})
    assert no_kind.status_code == 400
    assert "Choose what kind of document" in no_kind.content.decode()
    no_file = client.post(url, {"kind": "other"})
    assert no_file.status_code == 400
    assert "Choose at least one file" in no_file.content.decode()
    assert not OrderDocument.objects.exists()


@pytest.mark.parametrize("status", ["awaiting_payment", "paid", "in_production", "cancelled"])
def test_documents_before_shipping_or_on_cancelled_orders_are_refused(
    client, world, status, _media_root
):
    order = world["order"]
    path = {
        "awaiting_payment": [],
        "paid": ["paid"],
        "in_production": ["paid", "in_production"],
        "cancelled": ["cancelled"],
    }[status]
    for step in path:
        order_transition(order=order, to=step)
    client.force_login(world["seller"])
    response = client.post(
        reverse("marketplace:order_documents", args=[order.number]),
        {"kind": "packing_list", "files": [pdf()]},
        follow=True,
    )
    assert response.redirect_chain[0][1] == 302
    assert "once the order is marked as shipped" in response.content.decode()
    assert 'data-testid="document-form"' not in response.content.decode()
    assert not OrderDocument.objects.exists()
    assert files_under(_media_root) == []


def test_shipping_with_documents_from_the_wrong_state_stores_nothing(world, _media_root):
    order = world["order"]  # awaiting payment: cannot ship
    upload = pdf()
    validate_attachment(upload)
    with pytest.raises(Exception, match="cannot go from"):
        order_ship(
            order=order,
            by=world["seller"],
            party="seller",
            tracking_number="X1",
            documents=[("packing_list", upload)],
        )
    assert not OrderDocument.objects.exists()
    assert files_under(_media_root) == []


def test_the_buyer_cannot_add_documents_and_services_refuse_unchecked_files(client, world):
    order = shipped(world["order"])
    client.force_login(world["buyer"])
    response = client.post(
        reverse("marketplace:order_documents", args=[order.number]),
        {"kind": "other", "files": [pdf()]},
    )
    assert response.status_code == 404
    with pytest.raises(TradeError):
        order_documents_add(
            order=order, by=world["buyer"], party="buyer", documents=[("other", pdf())]
        )
    with pytest.raises(TradeError, match="was not checked"):
        order_documents_add(
            order=order, by=world["seller"], party="seller", documents=[("other", pdf())]
        )
    assert not OrderDocument.objects.exists()


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("buyer", 200),
        ("seller", 200),
        ("staff", 200),
        ("other_buyer", 404),
        ("other_seller", 404),
        ("official", 404),
    ],
)
def test_only_the_parties_download_documents(client, world, persona, expected):
    order = shipped(world["order"])
    upload = pdf()
    validate_attachment(upload)
    [doc] = order_documents_add(
        order=order, by=world["seller"], party="seller", documents=[("packing_list", upload)]
    )
    client.force_login(world[persona])
    url = reverse("marketplace:order_document", args=[order.number, doc.pk])
    assert client.get(url).status_code == expected
    assert client.post(
        reverse("marketplace:order_documents", args=[order.number]),
        {"kind": "other", "files": [pdf()]},
    ).status_code == (302 if persona == "seller" else 404)


def test_a_document_id_of_another_order_is_a_404(client, world):
    from tests.factories.marketplace import make_trade

    order = shipped(world["order"])
    other_seller, _other_buyer, other_order = make_trade()
    shipped(other_order)
    upload = pdf()
    validate_attachment(upload)
    [foreign] = order_documents_add(
        order=other_order, by=other_seller, party="seller", documents=[("other", upload)]
    )
    client.force_login(world["buyer"])
    url = reverse("marketplace:order_document", args=[order.number, foreign.pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, world):
    order = world["order"]
    response = client.get(reverse("marketplace:order_document", args=[order.number, 1]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_order_page_query_count_does_not_grow_with_documents(
    client, world, django_assert_max_num_queries
):
    order = shipped(world["order"])
    client.force_login(world["buyer"])

    def add(n):
        for i in range(n):
            upload = pdf(f"doc{i}.pdf")
            validate_attachment(upload)
            order_documents_add(
                order=order, by=world["seller"], party="seller", documents=[("other", upload)]
            )

    add(1)
    with django_assert_max_num_queries(40) as one:
        client.get(order.get_absolute_url())
    add(20)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(order.get_absolute_url())
    assert response.content.decode().count("/documents/") >= 21


def test_one_refused_document_among_several_stores_none(world, _media_root):
    order = shipped(world["order"])
    good = pdf()
    validate_attachment(good)
    for bad_pair in [("not-a-kind", pdf("b.pdf")), ("other", pdf("unchecked.pdf"))]:
        if bad_pair[0] == "not-a-kind":
            validate_attachment(bad_pair[1])
        with pytest.raises(TradeError):
            order_documents_add(
                order=order,
                by=world["seller"],
                party="seller",
                documents=[("packing_list", good), bad_pair],
            )
        assert not OrderDocument.objects.exists()
        assert files_under(_media_root) == []
