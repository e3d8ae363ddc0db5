"""Payment pages: no-keys demo, offline receipts, result pages and who may see what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Order
from marketplace.payments.models import OfflineReceipt, Payment
from marketplace.payments.selectors import seller_can_take_card_payments
from tests.factories import SellerMembershipFactory, UserFactory
from tests.factories.marketplace import make_trade

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def no_keys(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


@pytest.fixture
def offline_trade(db):
    return make_trade(payment_terms="bank_transfer")


def _receipt_data(**overrides):
    data = {
        "reference": "UTR-2026-000123",
        "amount": "1200.00",
        "received_on": timezone.localdate().isoformat(),
        "document": SimpleUploadedFile("advice.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def test_without_keys_pay_now_says_unavailable_and_changes_nothing(client, trade, no_keys):
    _seller, buyer, order = trade
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Online card payment is not available on this site at the moment" in page
    assert 'data-testid="pay-now"' not in page

    response = client.post(reverse("marketplace:payments:pay", args=[order.number]), follow=True)
    assert "not available on this site" in response.content.decode()
    assert not Payment.objects.exists()
    assert seller_can_take_card_payments(order.seller) is False


def test_without_keys_the_webhook_refuses(client, no_keys):
    response = client.post("/webhooks/stripe/", data=b"{}", content_type="application/json")
    assert response.status_code == 400


def test_without_keys_payouts_page_explains_offline_terms(client, no_keys):
    owner = SellerMembershipFactory()
    client.force_login(owner.user)
    page = client.get(reverse("marketplace:payments:payouts")).content.decode()
    assert "bank transfer or letter of credit" in page


def test_seller_records_bank_transfer_and_the_buyer_sees_it(client, offline_trade, no_keys):
    seller_user, buyer, order = offline_trade
    client.force_login(seller_user)
    url = reverse("marketplace:payments:receipt_new", args=[order.number])
    assert client.get(url).status_code == 200

    response = client.post(url, _receipt_data())

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "paid"
    receipt = OfflineReceipt.objects.get(order=order)
    assert (receipt.method, receipt.reference, receipt.recorded_by) == (
        "bank_transfer",
        "UTR-2026-000123",
        seller_user,
    )
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "UTR-2026-000123" in page and "advice.pdf" in page
    document = client.get(
        reverse("marketplace:payments:receipt_document", args=[order.number, receipt.pk])
    )
    assert document.status_code == 200 and b"".join(document.streaming_content) == PDF


def test_part_payment_keeps_the_order_awaiting(client, offline_trade, no_keys):
    seller_user, _buyer, order = offline_trade
    client.force_login(seller_user)
    url = reverse("marketplace:payments:receipt_new", args=[order.number])
    client.post(url, _receipt_data(amount="500.00", reference="LC-1"))
    order.refresh_from_db()
    assert order.status == "awaiting_payment"
    client.post(url, _receipt_data(amount="700.00", reference="LC-2"))
    order.refresh_from_db()
    assert order.status == "paid"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reference": "   "}, "This field is required"),
        ({"amount": "-5"}, "greater than or equal to 0.01"),
        ({"amount": "abc"}, "Enter a number"),
        (
            {"received_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
            "cannot be in the future",
        ),
        (
            {"document": SimpleUploadedFile("x.exe", b"MZ", content_type="application/pdf")},
            "“x.exe” is not a PDF, JPEG or PNG file",
        ),
    ],
)
def test_bad_receipts_get_a_message(client, offline_trade, no_keys, overrides, message):
    seller_user, _buyer, order = offline_trade
    client.force_login(seller_user)
    url = reverse("marketplace:payments:receipt_new", args=[order.number])
    response = client.post(url, _receipt_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OfflineReceipt.objects.exists()


def test_duplicate_reference_is_refused(client, offline_trade, no_keys):
    seller_user, _buyer, order = offline_trade
    client.force_login(seller_user)
    url = reverse("marketplace:payments:receipt_new", args=[order.number])
    client.post(url, _receipt_data(amount="100"))
    response = client.post(url, _receipt_data(amount="100"))
    assert "already recorded" in response.content.decode()
    assert OfflineReceipt.objects.count() == 1


def test_card_orders_take_no_offline_receipts(client, trade, no_keys):
    seller_user, _buyer, order = trade
    client.force_login(seller_user)
    url = reverse("marketplace:payments:receipt_new", args=[order.number])
    response = client.post(url, _receipt_data())
    assert "paid by card through Stripe" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "other_buyer", "other_seller", "buyer", "seller"])
def test_authorization(client, offline_trade, no_keys, who):
    seller_user, buyer, order = offline_trade
    users = {
        "anonymous": None,
        "other_buyer": UserFactory(),
        "other_seller": SellerMembershipFactory().user,
        "buyer": buyer,
        "seller": seller_user,
    }
    if users[who]:
        client.force_login(users[who])
    n = order.number
    receipt_new = client.get(reverse("marketplace:payments:receipt_new", args=[n]))
    pay = client.post(reverse("marketplace:payments:pay", args=[n]))
    success = client.get(reverse("marketplace:payments:success", args=[n]))
    cancelled = client.get(reverse("marketplace:payments:cancelled", args=[n]))
    codes = [r.status_code for r in (receipt_new, pay, success, cancelled)]
    expected = {
        "anonymous": [302, 302, 302, 302],  # to sign in
        "other_buyer": [404, 404, 404, 404],
        "other_seller": [404, 404, 404, 404],
        "buyer": [404, 302, 200, 200],  # pay: back to the order with a message
        "seller": [200, 404, 200, 200],
    }[who]
    assert codes == expected


def test_receipt_documents_are_private(client, offline_trade, no_keys):
    seller_user, _buyer, order = offline_trade
    client.force_login(seller_user)
    client.post(
        reverse("marketplace:payments:receipt_new", args=[order.number]),
        _receipt_data(amount="10"),
    )
    receipt = OfflineReceipt.objects.get()
    client.force_login(UserFactory())
    url = reverse("marketplace:payments:receipt_document", args=[order.number, receipt.pk])
    assert client.get(url).status_code == 404


def test_success_page_never_marks_paid(client, trade, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    _seller, buyer, order = trade
    Payment.objects.create(
        order=order,
        attempt=1,
        currency="USD",
        amount=order.total,
        amount_minor=120000,
        fee_minor=6000,
        status="open",
        checkout_session_id="cs_test_visit",
    )
    client.force_login(buyer)
    url = reverse("marketplace:payments:success", args=[order.number])
    page = client.get(url + "?session_id=cs_test_visit").content.decode()
    assert "waiting for Stripe to confirm" in page
    order.refresh_from_db()
    assert order.status == "awaiting_payment"
    assert Payment.objects.get().status == "open"


@pytest.mark.parametrize("receipts", [1, 50])
def test_order_payment_panel_query_count(
    client, offline_trade, no_keys, receipts, django_assert_max_num_queries
):
    _seller_user, buyer, order = offline_trade
    for i in range(receipts):
        OfflineReceipt.objects.create(
            order=order,
            method="bank_transfer",
            reference=f"R{i}",
            amount=Decimal("1"),
            received_on=timezone.localdate(),
            document="payments/receipts/x.pdf",
            document_name="x.pdf",
        )
    client.force_login(buyer)
    url = reverse("marketplace:payments:cancelled", args=[order.number])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count("x.pdf</a>") == receipts
    assert Order.objects.filter(pk=order.pk, status="awaiting_payment").exists()
