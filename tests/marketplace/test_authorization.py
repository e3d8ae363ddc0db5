"""Every marketplace view against every persona: another party's object is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.models import MessageAttachment
from marketplace.services import message_post

PERSONAS = ["anonymous", "buyer", "other_buyer", "seller", "other_seller", "official", "staff"]
LOGIN = "LOGIN"  # redirected to the sign-in page
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attachment(w):
    message = message_post(
        enquiry=w["enquiry"],
        sender=w["buyer"],
        body="Spec sheet attached.",
        attachments=[SimpleUploadedFile("spec.pdf", PDF, content_type="application/pdf")],
    )
    return MessageAttachment.objects.get(message=message).pk


# name, method, url builder, expected per persona (in PERSONAS order)
ROUTES = [
    (
        "dashboard",
        "get",
        lambda w: reverse("marketplace:dashboard"),
        [LOGIN, 200, 200, 200, 200, 200, 200],
    ),
    ("inbox", "get", lambda w: reverse("marketplace:inbox"), [LOGIN, 200, 200, 200, 200, 200, 200]),
    (
        "enquiry_new",
        "get",
        lambda w: reverse("marketplace:enquiry_new") + f"?product={w['product'].slug}",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "enquiry_detail",
        "get",
        lambda w: reverse("marketplace:enquiry_detail", args=[w["enquiry"].pk]),
        [LOGIN, 200, 404, 200, 404, 404, 200],
    ),
    (
        "enquiry_detail_post",
        "post",
        lambda w: reverse("marketplace:enquiry_detail", args=[w["enquiry"].pk]),
        [LOGIN, 302, 404, 302, 404, 404, 404],
    ),
    (
        "enquiry_close",
        "post",
        lambda w: reverse("marketplace:enquiry_close", args=[w["enquiry"].pk]),
        [LOGIN, 302, 404, 302, 404, 404, 404],
    ),
    (
        "quote_edit",
        "get",
        lambda w: reverse("marketplace:quote_edit", args=[w["enquiry"].pk]),
        [LOGIN, 404, 404, 200, 404, 404, 404],
    ),
    (
        "quote_accept",
        "post",
        lambda w: reverse("marketplace:quote_accept", args=[w["quote"].pk]),
        [LOGIN, 302, 404, 404, 404, 404, 404],
    ),
    (
        "quote_decline",
        "post",
        lambda w: reverse("marketplace:quote_decline", args=[w["quote"].pk]),
        [LOGIN, 302, 404, 404, 404, 404, 404],
    ),
    (
        "sample_order",
        "post",
        lambda w: reverse("marketplace:sample_order", args=[w["quote"].pk]),
        [LOGIN, 302, 404, 404, 404, 404, 404],
    ),
    (
        "attachment",
        "get",
        lambda w: reverse("marketplace:attachment", args=[_attachment(w)]),
        [LOGIN, 200, 404, 200, 404, 404, 200],
    ),
    (
        "rfq_new",
        "get",
        lambda w: reverse("marketplace:rfq_new"),
        [LOGIN, 200, 200, 200, 200, 200, 200],
    ),
    (
        "order_detail",
        "get",
        lambda w: reverse("marketplace:order_detail", args=[w["order"].number]),
        [LOGIN, 200, 404, 200, 404, 404, 200],
    ),
    (
        "order_status",
        "post",
        lambda w: reverse("marketplace:order_status", args=[w["order"].number]),
        [LOGIN, 302, 404, 302, 404, 404, 302],
    ),
    ("team", "get", lambda w: reverse("marketplace:team"), [LOGIN, 403, 403, 200, 200, 403, 403]),
    (
        "settings",
        "get",
        lambda w: reverse("accounts:settings"),
        [LOGIN, 200, 200, 200, 200, 200, 200],
    ),
    ("company", "get", lambda w: reverse("buyers:company"), [LOGIN, 200, 200, 200, 200, 200, 200]),
    (
        "shortlist",
        "post",
        lambda w: reverse("buyers:shortlist", args=[w["product"].slug]),
        [LOGIN, 302, 302, 302, 302, 302, 302],
    ),
]

CASES = [
    pytest.param(name, method, build, persona, expected[i], id=f"{name}-{persona}")
    for name, method, build, expected in ROUTES
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "build", "persona", "expected"), CASES)
def test_view_authorization(client, world, name, method, build, persona, expected):
    if persona != "anonymous":
        client.force_login(world[persona])
    url = build(world)
    data = {"body": "Hello", "to": "cancelled"} if method == "post" else None
    response = getattr(client, method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.django_db
def test_rfq_detail_only_for_its_buyer(client, world):
    from marketplace.models import BuyingRequest

    rfq = BuyingRequest.objects.create(
        buyer=world["buyer"],
        title="Silk",
        description="x" * 30,
        quantity=5,
        destination_country="FR",
    )
    url = reverse("marketplace:rfq_detail", args=[rfq.pk])
    for persona, expected in [
        ("buyer", 200),
        ("other_buyer", 404),
        ("seller", 404),
        ("staff", 404),
    ]:
        client.force_login(world[persona])
        assert client.get(url).status_code == expected, persona
