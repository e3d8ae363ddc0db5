"""Outside services failing at the network boundary: SMTP, Stripe, Elasticsearch.

Nothing of ours is mocked: Django's SMTP backend, Stripe's library and the Elasticsearch
client talk to real sockets on 127.0.0.1 that refuse, answer 451, or never answer.
Covered elsewhere (not repeated): a Stripe 5xx retried with the same idempotency key
(tests/payments/test_checkout_and_connect.py), webhooks answering 503 while Stripe is
unreachable (tests/payments/test_webhooks.py), Elasticsearch refusing connections at the
service layer (tests/search/test_elasticsearch.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from marketplace.forms import issue_fill_token
from marketplace.models import Enquiry, SellerInvitation
from marketplace.payments.models import Payment
from tests.factories import BuyerCompanyFactory, ProductFactory, SellerMembershipFactory
from tests.payments.conftest import trade  # noqa: F401 - a fixture

from .edge import black_hole, closed_port, smtp_451


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["refused", "451"])
def smtp_down(request, settings):
    """Django's real SMTP backend pointed at a mail server that is down or says 'later'."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    if request.param == "refused":
        settings.EMAIL_PORT = closed_port()
        yield request.param
    else:
        with smtp_451() as port:
            settings.EMAIL_PORT = port
            yield request.param


def _enquiry_data() -> dict:
    return {
        "quantity": "200",
        "unit": "piece",
        "target_currency": "USD",
        "destination_country": "DE",
        "destination_port": "Hamburg",
        "incoterm": "FOB",
        "needed_by": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "message": "We would like 200 pieces for our spring collection.",
        "company_website": "",
        "started": issue_fill_token(),
    }


@pytest.mark.django_db
def test_enquiry_survives_a_failing_mail_server_and_the_email_is_sent_later(
    client, smtp_down, settings, caplog, django_capture_on_commit_callbacks
):
    membership = SellerMembershipFactory()
    product = ProductFactory(seller=membership.seller)
    buyer = BuyerCompanyFactory().user
    client.force_login(buyer)
    url = reverse("marketplace:enquiry_new") + f"?product={product.slug}"
    with (
        caplog.at_level(logging.ERROR, logger="django.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url, _enquiry_data())
    # The buyer's enquiry is saved and they are told it was sent.
    enquiry = Enquiry.objects.get(buyer=buyer)
    assert response.status_code == 302 and response["Location"] == enquiry.get_absolute_url()
    page = client.get(response["Location"])
    assert "Your enquiry was sent to" in page.content.decode()
    # The failed email is logged as a failed task, with the mail server's error.
    failed = [r for r in caplog.records if "send_notification_email" in r.getMessage()]
    assert failed and "FAILED" in failed[0].getMessage()
    assert failed[0].exc_info is not None
    assert mail.outbox == []
    # ...and the notification stays unsent, so it is not lost.
    note = Notification.objects.get(user=membership.user)
    assert note.emailed_at is None

    # The mail server is back; the periodic resend picks up what failed, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=note.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=15)
    )
    call_command("resend_emails")
    (email,) = mail.outbox
    assert email.to == [membership.user.email] and "enquiry" in email.subject.lower()
    note.refresh_from_db()
    assert note.emailed_at is not None
    call_command("resend_emails")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_fresh_unsent_emails_are_left_to_the_queue(settings):
    """The resend only takes rows older than --older-than: a queued email is not doubled."""
    membership = SellerMembershipFactory()
    Notification.objects.create(
        user=membership.user, kind="enquiry", subject="New enquiry", body="b", url="/x/"
    )
    call_command("resend_emails", "--older-than", "10")
    assert mail.outbox == []


@pytest.mark.django_db
def test_team_invitation_with_the_mail_server_down_is_not_a_500(
    client, smtp_down, caplog, django_capture_on_commit_callbacks
):
    owner = SellerMembershipFactory()
    client.force_login(owner.user)
    with (
        caplog.at_level(logging.ERROR, logger="django.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("marketplace:team"), {"email": "new.hand@example.com"})
    assert response.status_code == 302
    assert SellerInvitation.objects.filter(email="new.hand@example.com").exists()
    assert any("send_invitation" in r.getMessage() for r in caplog.records)


# --- Stripe -----------------------------------------------------------------------------


@pytest.fixture
def stripe_at(settings):
    def point(port: int, timeout: int = 1):
        settings.STRIPE_SECRET_KEY = "sk_test_reliability"
        settings.STRIPE_PUBLISHABLE_KEY = "pk_test_reliability"
        settings.STRIPE_WEBHOOK_SECRET = "whsec_reliability"
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{port}"
        settings.STRIPE_TIMEOUT_SECONDS = timeout

    return point


def _pay_now(client, order):
    return client.post(reverse("marketplace:payments:pay", args=[order.number]), follow=True)


def _nothing_half_made(order):
    order.refresh_from_db()
    assert order.status == "awaiting_payment"
    payments = list(order.payments.all())
    # At most the one prepared attempt, never sent to Stripe, reused (same key) next time.
    assert len(payments) <= 1
    assert all(not p.checkout_session_id and not p.is_paid for p in payments)
    assert all(p.status == Payment.Status.CREATED for p in payments)


@pytest.mark.django_db
def test_pay_now_with_stripe_unreachable_shows_a_clear_message(client, trade, stripe_at):  # noqa: F811
    _seller, buyer, order = trade
    stripe_at(closed_port())
    client.force_login(buyer)
    response = _pay_now(client, order)
    assert response.status_code == 200
    assert "could not be reached" in response.content.decode()
    _nothing_half_made(order)
    # A second click makes no second attempt row.
    _pay_now(client, order)
    _nothing_half_made(order)


@pytest.mark.django_db
def test_pay_now_with_stripe_hanging_times_out_quickly(client, trade, stripe_at):  # noqa: F811
    _seller, buyer, order = trade
    client.force_login(buyer)
    with black_hole() as port:
        stripe_at(port, timeout=1)
        started = time.monotonic()
        response = _pay_now(client, order)
        elapsed = time.monotonic() - started
    # Three tries of one second plus the library's backoff: seconds, not minutes.
    assert elapsed < 20, elapsed
    assert response.status_code == 200
    assert "could not be reached" in response.content.decode()
    _nothing_half_made(order)


# --- Elasticsearch ------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_page_answers_from_the_database_while_elasticsearch_hangs(client, settings):
    from search.backends import reset_backends
    from search.indexing import reindex_products

    product = ProductFactory(name="Banarasi brocade stole")
    reindex_products([product.pk])  # into the database index, while that is the backend
    with black_hole() as port:
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
        settings.ELASTICSEARCH_TIMEOUT = 1.0
        reset_backends()
        try:
            started = time.monotonic()
            response = client.get(reverse("search:search") + "?q=brocade")
            elapsed = time.monotonic() - started
            api = client.get("/api/v1/products?q=brocade")
        finally:
            settings.SEARCH_BACKEND = "database"
            reset_backends()
    assert response.status_code == 200 and elapsed < 15, elapsed
    assert product.name in response.content.decode()
    assert api.status_code == 200
    assert product.slug in [hit["slug"] for hit in api.json()["results"]]
