"""The trade flow through its pages and services: enquiry, abuse limits, quotes, orders."""

import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from marketplace.forms import issue_fill_token
from marketplace.models import Enquiry, Order, Quotation, QuoteRevision
from marketplace.selectors import unread_count
from marketplace.services import (
    QuoteNotAcceptable,
    message_post,
    quote_accept,
    quote_send,
    rfq_create,
)
from tests.factories import CategoryFactory, ProductFactory, SellerMembershipFactory, UserFactory
from tests.factories.marketplace import QuotationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


@pytest.mark.django_db
def test_enquiry_from_a_product_reaches_the_seller_by_email_with_a_working_link(
    client, world, enquiry_post, django_capture_on_commit_callbacks
):
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    data = enquiry_post(attachments=SimpleUploadedFile("spec.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    enquiry = Enquiry.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == enquiry.get_absolute_url()
    assert enquiry.seller == world["seller_obj"] and enquiry.product == world["product"]
    assert enquiry.messages.get().attachments.get().content_type == "application/pdf"
    (email,) = [m for m in mail.outbox if m.to == [world["seller"].email]]
    assert "New enquiry" in email.subject
    assert email.alternatives and "text/html" in email.alternatives[0][1]
    client.force_login(world["seller"])
    page = client.get(_path(_links(email)[0]))
    assert page.status_code == 200
    assert b"spring collection" in page.content


@pytest.mark.django_db
def test_sixth_enquiry_within_an_hour_gets_429(client, world, enquiry_post, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 5
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    for _ in range(5):
        assert client.post(url, enquiry_post()).status_code == 302
    response = client.post(url, enquiry_post())
    assert response.status_code == 429
    assert b"try again" in response.content
    assert int(response["Retry-After"]) > 0
    assert Enquiry.objects.filter(buyer=world["buyer"], rfq=None).count() == 5 + 2  # + fixtures


@pytest.mark.django_db
def test_rate_limit_is_per_ip_too(client, world, enquiry_post, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 2
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    for persona in ("buyer", "other_buyer"):
        client.force_login(world[persona])
        assert client.post(url, enquiry_post()).status_code == 302
    client.force_login(UserFactory())
    assert client.post(url, enquiry_post()).status_code == 429


@pytest.mark.django_db
def test_honeypot_and_minimum_fill_time_refuse_bots(client, world, enquiry_post, settings):
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    before = Enquiry.objects.count()
    response = client.post(url, enquiry_post(company_website="http://spam.example"))
    assert response.status_code == 200 and b"could not be sent" in response.content
    settings.ENQUIRY_MIN_FILL_SECONDS = 3
    response = client.post(url, enquiry_post(started=issue_fill_token()))
    assert response.status_code == 200 and b"very quick" in response.content
    response = client.post(url, enquiry_post(started="forged"))
    assert response.status_code == 200 and b"could not be sent" in response.content
    assert Enquiry.objects.count() == before
    old = issue_fill_token(started_at=timezone.now().timestamp() - 10)
    assert client.post(url, enquiry_post(started=old)).status_code == 302


@pytest.mark.django_db
def test_every_field_is_validated_with_a_human_message(client, world, enquiry_post):
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    response = client.post(
        url,
        enquiry_post(
            quantity="0",
            destination_country="XX",
            needed_by="2001-01-01",
            message="hi",
            target_price="-3",
            attachments=SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf"),
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {
        "quantity",
        "destination_country",
        "needed_by",
        "message",
        "target_price",
        "attachments",
    }
    assert "at least 1" in errors["quantity"][0]
    assert "not a PDF, JPEG or PNG" in errors["attachments"][0]


@pytest.mark.django_db
def test_lying_or_broken_images_are_refused(client, world, enquiry_post):
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    truncated_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    response = client.post(
        url, enquiry_post(attachments=SimpleUploadedFile("a.png", truncated_png))
    )
    assert "damaged or not a real image" in response.context["form"].errors["attachments"][0]


@pytest.mark.django_db
def test_anonymous_enquiry_is_kept_through_sign_in(client, world, enquiry_post):
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    response = client.post(url, enquiry_post(message="Please quote 500 scarves in indigo."))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert (
        not Enquiry.objects.filter(destination_port="Hamburg", quantity=200)
        .exclude(pk__in=[world["enquiry"].pk])
        .exists()
    )
    client.force_login(world["other_buyer"])  # the session (and its draft) survives sign-in
    page = client.get(url)
    assert page.context["form"].initial["message"] == "Please quote 500 scarves in indigo."


@pytest.mark.django_db
def test_district_enquiry_lets_the_buyer_pick_one_of_its_sellers(client, world, enquiry_post):
    district = world["seller_obj"].district
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_new") + f"?district={district.slug}"
    page = client.get(url)
    assert page.status_code == 200
    assert world["seller_obj"].name.encode() in page.content
    response = client.post(url, enquiry_post(seller=str(world["seller_obj"].pk)))
    assert response.status_code == 302
    assert Enquiry.objects.latest("pk").seller == world["seller_obj"]
    missing = client.post(url, enquiry_post())
    assert "seller" in missing.context["form"].errors


@pytest.mark.django_db
def test_conversation_read_receipts_and_unread_count(client, world, django_assert_num_queries):
    enquiry = world["enquiry"]
    message_post(enquiry=enquiry, sender=world["seller"], body="We can do it.")
    message_post(enquiry=enquiry, sender=world["seller"], body="Samples ready next week.")
    with django_assert_num_queries(1):
        assert unread_count(world["buyer"]) == 2
    assert unread_count(world["other_buyer"]) == 0
    client.force_login(world["buyer"])
    dashboard = client.get(reverse("marketplace:dashboard"))
    assert b'data-testid="unread-count"' in dashboard.content
    client.get(enquiry.get_absolute_url())
    assert unread_count(world["buyer"]) == 0
    assert enquiry.messages.filter(from_buyer=False, read_at__isnull=False).count() == 2
    enquiry.refresh_from_db()
    assert enquiry.first_response_at is not None


@pytest.mark.django_db
def test_seller_quotes_through_the_form_and_revisions_keep_history(
    client, world, fresh_enquiry, django_capture_on_commit_callbacks
):
    client.force_login(world["seller"])
    url = reverse("marketplace:quote_edit", args=[fresh_enquiry.pk])
    assert client.get(url).status_code == 200
    valid = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = {
        "currency": "EUR",
        "incoterm": "CIF",
        "port": "Hamburg",
        "lead_time_days": "45",
        "valid_until": valid,
        "payment_terms": "bank_transfer",
        "sample_offered": "on",
        "sample_price": "25.00",
        "notes": "Colours as the photos.",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-product": str(world["product"].pk),
        "lines-0-description": "Silk stole",
        "lines-0-quantity": "100",
        "lines-0-unit": "piece",
        "lines-0-unit_price": "11.50",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    quote = Quotation.objects.get(enquiry=fresh_enquiry)
    assert (quote.total, quote.currency, quote.revision) == (Decimal("1150.00"), "EUR", 1)
    assert any("New quotation" in m.subject for m in mail.outbox if m.to == [world["buyer"].email])
    data["lines-0-unit_price"] = "10.00"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert (quote.total, quote.revision) == (Decimal("1000.00"), 2)
    totals = [r.snapshot["total"] for r in QuoteRevision.objects.filter(quotation=quote)]
    assert sorted(totals) == ["1000.00", "1150.00"]
    bad = client.post(url, {**data, "valid_until": "2000-01-01", "lines-0-unit_price": "0"})
    assert bad.status_code == 200
    assert "past" in bad.context["form"].errors["valid_until"][0]


@pytest.mark.django_db
def test_buyer_accepts_and_the_order_shows_next_actions_for_both(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["buyer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("marketplace:quote_accept", args=[world["quote"].pk]))
    order = Order.objects.get(quotation=world["quote"], is_sample=False)
    assert response["Location"] == order.get_absolute_url()
    assert order.total == world["quote"].total and order.payment_terms == "card"
    page = client.get(order.get_absolute_url())
    assert b"Pay for order" in page.content
    seller_mail = [m for m in mail.outbox if m.to == [world["seller"].email]]
    assert any("Quotation accepted" in m.subject for m in seller_mail)
    client.force_login(world["seller"])
    page = client.get(order.get_absolute_url())
    assert b"Wait for the buyer" in page.content
    again = client.post(reverse("marketplace:quote_accept", args=[world["quote"].pk]))
    assert again.status_code == 404  # the seller cannot accept; and the buyer gets a message:
    client.force_login(world["buyer"])
    client.post(reverse("marketplace:quote_accept", args=[world["quote"].pk]))
    assert Order.objects.filter(quotation=world["quote"], is_sample=False).count() == 1


@pytest.mark.django_db
def test_expired_quotes_cannot_be_accepted(client, world):
    Quotation.objects.filter(pk=world["quote"].pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    world["quote"].refresh_from_db()
    with pytest.raises(QuoteNotAcceptable, match="expired"):
        quote_accept(quotation=world["quote"], by=world["buyer"])
    client.force_login(world["buyer"])
    client.post(reverse("marketplace:quote_accept", args=[world["quote"].pk]))
    assert not Order.objects.filter(quotation=world["quote"]).exists()


@pytest.mark.django_db
def test_seller_moves_the_order_forward_with_tracking(client, world):
    from marketplace.services import order_transition

    order = world["order"]
    order_transition(order=order, to="paid")
    client.force_login(world["seller"])
    url = reverse("marketplace:order_status", args=[order.number])
    client.post(url, {"to": "in_production"})
    client.post(url, {"to": "shipped"})  # refused: no tracking number
    order.refresh_from_db()
    assert order.status == "in_production"
    client.post(url, {"to": "shipped", "tracking_number": "DHL123", "carrier": "DHL"})
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("shipped", "DHL123")
    client.post(url, {"to": "completed"})  # not from shipped, and not by the seller
    order.refresh_from_db()
    assert order.status == "shipped"
    client.force_login(world["buyer"])
    client.post(url, {"to": "delivered"})
    client.post(url, {"to": "completed"})
    order.refresh_from_db()
    assert order.status == "completed"


@pytest.mark.django_db
def test_rfq_is_routed_to_matching_sellers_and_compared_side_by_side(client, world):
    category = CategoryFactory()
    matching = [ProductFactory(category=category).seller for _ in range(2)]
    ProductFactory()  # another category: not routed
    rfq = rfq_create(
        buyer=world["buyer"],
        title="Handwoven stoles",
        description="200 stoles in natural dyes, gift boxed.",
        quantity=200,
        unit="piece",
        destination_country="FR",
        category=category,
    )
    assert {e.seller for e in rfq.enquiries.all()} == set(matching)
    first = rfq.enquiries.first()
    member = SellerMembershipFactory(seller=first.seller).user
    quote_send(
        enquiry=first,
        by=member,
        currency="USD",
        incoterm="FOB",
        lead_time_days=30,
        valid_until=timezone.localdate() + dt.timedelta(days=5),
        payment_terms="card",
        lines=[
            {
                "description": "Stole",
                "quantity": 200,
                "unit": "piece",
                "unit_price": Decimal("7.25"),
            }
        ],
    )
    client.force_login(world["buyer"])
    page = client.get(rfq.get_absolute_url())
    assert page.status_code == 200
    assert b"USD 1450.00" in page.content and b"No quote yet" in page.content


@pytest.mark.django_db
def test_daily_digest_users_get_one_email_from_send_digests(
    world, django_capture_on_commit_callbacks
):
    buyer = world["buyer"]
    buyer.email_frequency = "daily"
    buyer.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message_post(enquiry=world["enquiry"], sender=world["seller"], body="One")
        message_post(enquiry=world["enquiry"], sender=world["seller"], body="Two")
    assert [m for m in mail.outbox if m.to == [buyer.email]] == []
    call_command("send_digests")
    (digest,) = [m for m in mail.outbox if m.to == [buyer.email]]
    assert "2 update" in digest.subject
    assert world["enquiry"].get_absolute_url() in digest.body
    assert not Notification.objects.filter(user=buyer, emailed_at__isnull=True).exists()
    call_command("send_digests")
    assert len([m for m in mail.outbox if m.to == [buyer.email]]) == 1


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    from tests.factories.marketplace import EnquiryFactory

    client.force_login(world["seller"])
    with django_assert_max_num_queries(40) as ctx_small:
        client.get(reverse("marketplace:dashboard"))
    for _ in range(50):
        EnquiryFactory(product=world["product"], buyer=world["buyer"])
    with django_assert_max_num_queries(len(ctx_small.captured_queries)):
        client.get(reverse("marketplace:dashboard"))
    client.force_login(world["buyer"])
    with django_assert_max_num_queries(len(ctx_small.captured_queries)):
        client.get(reverse("marketplace:dashboard"))
    with django_assert_max_num_queries(len(ctx_small.captured_queries)):
        client.get(reverse("marketplace:inbox"))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
)
@pytest.mark.django_db(transaction=True)
def test_two_parallel_acceptances_create_exactly_one_order():
    from django.db import close_old_connections

    quote = QuotationFactory()
    buyer = quote.enquiry.buyer
    barrier = threading.Barrier(2)
    results: list[str] = []

    def accept():
        try:
            barrier.wait()
            quote_accept(quotation=Quotation.objects.get(pk=quote.pk), by=buyer)
            results.append("ok")
        except QuoteNotAcceptable:
            results.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Order.objects.filter(quotation=quote).count() == 1
