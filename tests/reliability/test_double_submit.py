# ruff: noqa: F811 - the marketplace fixtures are imported by name and taken as arguments
"""A form shown once is acted on once (issue 19 item 9), and conversation messages have a
rate limit like enquiries (item 10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.models import BuyingRequest, Enquiry, Message, Quotation
from tests.marketplace.conftest import (  # noqa: F401 - fixtures
    _fresh_limits,
    enquiry_post,
    fresh_enquiry,
    world,
)

pytestmark = pytest.mark.django_db


def _token(client, url) -> str:
    token = client.get(url).context["form"]["once"].value()
    assert token
    return token


def _twice(client, url, data, capture):
    with capture(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    return first, second


def test_a_double_submitted_enquiry_makes_one_enquiry_and_one_email(
    client, world, enquiry_post, django_capture_on_commit_callbacks
):
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    before = Enquiry.objects.count()
    data = enquiry_post(once=_token(client, url))
    first, second = _twice(client, url, data, django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]  # the second shows the first's result
    assert Enquiry.objects.count() == before + 1
    assert len([m for m in mail.outbox if m.to == [world["seller"].email]]) == 1


def test_a_double_submitted_message_is_posted_once(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["buyer"])
    enquiry = world["enquiry"]
    url = reverse("marketplace:enquiry_detail", args=[enquiry.pk])
    data = {"body": "Can you ship in May?", "once": _token(client, url)}
    first, second = _twice(client, url, data, django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302
    assert Message.objects.filter(enquiry=enquiry, body="Can you ship in May?").count() == 1
    assert len([m for m in mail.outbox if m.to == [world["seller"].email]]) == 1


def test_a_double_submitted_buying_request_is_made_once(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["buyer"])
    url = reverse("marketplace:rfq_new")
    data = {
        "title": "Handloom silk stoles",
        "description": "Two hundred silk stoles in natural dyes for a spring range.",
        "district": str(world["product"].district_id),
        "quantity": "200",
        "unit": "piece",
        "destination_country": "DE",
        "destination_port": "Hamburg",
        "incoterm": "FOB",
        "company_website": "",
        "started": client.get(url).context["form"]["started"].value(),
        "once": _token(client, url),
    }
    first, second = _twice(client, url, data, django_capture_on_commit_callbacks)
    assert first.status_code == 302, first.context["form"].errors if first.context else ""
    assert second["Location"] == first["Location"]
    assert BuyingRequest.objects.filter(buyer=world["buyer"]).count() == 1


def test_a_double_submitted_quotation_is_one_revision(
    client, world, fresh_enquiry, django_capture_on_commit_callbacks
):
    client.force_login(world["seller"])
    url = reverse("marketplace:quote_edit", args=[fresh_enquiry.pk])
    data = {
        "currency": "EUR",
        "incoterm": "CIF",
        "port": "Hamburg",
        "lead_time_days": "45",
        "valid_until": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "payment_terms": "bank_transfer",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-product": str(world["product"].pk),
        "lines-0-description": "Silk stole",
        "lines-0-quantity": "100",
        "lines-0-unit": "piece",
        "lines-0-unit_price": "11.50",
        "once": _token(client, url),
    }
    first, second = _twice(client, url, data, django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302
    quote = Quotation.objects.get(enquiry=fresh_enquiry)
    assert quote.revision == 1
    assert len([m for m in mail.outbox if m.to == [world["buyer"].email]]) == 1


def test_a_forged_token_is_refused_with_the_text_kept(client, world):
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_detail", args=[world["enquiry"].pk])
    response = client.post(url, {"body": "Still there?", "once": "forged"})
    assert response.status_code == 200
    assert "Still there?" in response.content.decode()
    assert "send it again" in response.content.decode()
    assert not Message.objects.filter(body="Still there?").exists()


def test_messages_are_rate_limited_with_the_draft_kept(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGE_RATE_LIMIT_PER_HOUR = 3
    client.force_login(world["buyer"])
    url = reverse("marketplace:enquiry_detail", args=[world["enquiry"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert client.post(url, {"body": f"Message {n}"}).status_code == 302
        refused = client.post(url, {"body": "The fourth, with details I typed"})
    assert refused.status_code == 429
    assert refused["Retry-After"].isdigit()
    page = refused.content.decode()
    assert "The fourth, with details I typed" in page  # the draft is kept in the form
    assert "many messages in the last hour" in page
    assert Message.objects.filter(enquiry=world["enquiry"], body__startswith="Message").count() == 3
    assert not Message.objects.filter(body__startswith="The fourth").exists()
    assert len([m for m in mail.outbox if m.to == [world["seller"].email]]) == 3
