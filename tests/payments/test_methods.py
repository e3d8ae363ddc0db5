"""The payment-method registry (issue 17.2/17.3): terms a quotation may use, changing terms by
agreement, the seller's next step, bank details and the proforma."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Order, OrderEvent, Quotation
from marketplace.payments import methods
from marketplace.payments.models import TermsChange
from marketplace.payments.selectors import order_proforma
from marketplace.payments.services import (
    PaymentError,
    terms_change_decide,
    terms_change_propose,
)
from marketplace.selectors import dashboard_for, order_next_actions
from sellers import services as seller_services
from sellers.validators import iban_is_valid, validate_bank_account, validate_ifsc, validate_swift
from tests.factories import SellerMembershipFactory, UserFactory
from tests.factories.marketplace import EnquiryFactory, make_trade
from tests.factories.payments import PayoutAccountFactory

pytestmark = pytest.mark.django_db

BANK = {
    "bank_account_name": "Banaras Weavers Cooperative",
    "bank_name": "State Bank of India",
    "bank_account_number": "3012 3456 7890",
    "bank_ifsc": "sbin0001234",
    "bank_swift": "SBININBB",
}


@pytest.fixture
def no_card(settings):
    settings.STRIPE_SECRET_KEY = ""


@pytest.fixture
def card_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_registry"


def _ready_for_cards(seller):
    PayoutAccountFactory(seller=seller, stripe_account_id="acct_1")
    seller.refresh_from_db()


# --- which terms a quotation may use ---------------------------------------------------------


def test_registry_offers_card_only_where_the_site_and_seller_can_take_it(settings):
    seller = SellerMembershipFactory().seller
    settings.STRIPE_SECRET_KEY = ""
    assert [t for t, _label in methods.terms_choices(seller)] == [
        "bank_transfer",
        "letter_of_credit",
    ]
    settings.STRIPE_SECRET_KEY = "sk_test_registry"
    assert "card" not in dict(methods.terms_choices(seller))  # seller not onboarded
    _ready_for_cards(seller)
    assert "card" in dict(methods.terms_choices(seller))


def _quote_post(enquiry, terms):
    return {
        "currency": "USD",
        "incoterm": "FOB",
        "port": "Nhava Sheva",
        "lead_time_days": "30",
        "valid_until": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "payment_terms": terms,
        "notes": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-description": "Stole",
        "lines-0-quantity": "10",
        "lines-0-unit": "piece",
        "lines-0-unit_price": "12.00",
    }


def test_quote_form_offers_and_defaults_to_terms_the_site_can_take(client, no_card):
    member = SellerMembershipFactory()
    enquiry = EnquiryFactory(product__seller=member.seller)
    client.force_login(member.user)
    url = reverse("marketplace:quote_edit", args=[enquiry.pk])
    form = client.get(url).context["form"]
    assert "card" not in dict(form.fields["payment_terms"].choices)
    assert form.initial["payment_terms"] == "bank_transfer"

    refused = client.post(url, _quote_post(enquiry, "card"))
    assert refused.status_code == 200
    assert "not available" in str(refused.context["form"].errors["payment_terms"])
    assert not Quotation.objects.exists()

    sent = client.post(url, _quote_post(enquiry, "bank_transfer"))
    assert sent.status_code == 302
    assert Quotation.objects.get().payment_terms == "bank_transfer"


def test_quote_service_refuses_card_when_the_site_cannot_take_it(no_card):
    from marketplace.services import TradeError, quote_send

    member = SellerMembershipFactory()
    enquiry = EnquiryFactory(product__seller=member.seller)
    with pytest.raises(TradeError, match="not available"):
        quote_send(
            enquiry=enquiry,
            by=member.user,
            currency="USD",
            incoterm="FOB",
            lead_time_days=30,
            valid_until=timezone.localdate() + dt.timedelta(days=3),
            payment_terms="card",
            lines=[{"description": "x", "quantity": 1, "unit": "piece", "unit_price": 5}],
        )


# --- changing the terms by agreement ---------------------------------------------------------


def _propose(client, order, to_terms):
    url = reverse("marketplace:payments:terms_change", args=[order.number])
    return client.post(url, {"action": "propose", "to_terms": to_terms})


def _answer(client, order, action):
    url = reverse("marketplace:payments:terms_change", args=[order.number])
    return client.post(url, {"action": action})


@pytest.mark.parametrize("proposer", ["buyer", "seller"])
def test_terms_change_needs_both_parties(client, no_card, proposer):
    seller_user, buyer, order = make_trade(payment_terms="card")
    first, second = (buyer, seller_user) if proposer == "buyer" else (seller_user, buyer)

    client.force_login(first)
    assert _propose(client, order, "bank_transfer").status_code == 302
    order.refresh_from_db()
    assert order.payment_terms == "card"  # one party alone changes nothing
    # The proposer cannot confirm their own proposal.
    assert _answer(client, order, "confirm").status_code == 302
    order.refresh_from_db()
    assert order.payment_terms == "card"

    client.force_login(second)
    page = client.get(order.get_absolute_url())
    assert page.context["next_action"] == "Answer the proposed change of payment terms"
    _answer(client, order, "confirm")
    order.refresh_from_db()
    assert order.payment_terms == "bank_transfer"
    change = TermsChange.objects.get(order=order)
    assert (change.status, change.proposed_by, change.decided_by) == ("confirmed", first, second)
    note = OrderEvent.objects.filter(order=order).last().note
    assert "from Online card payment to Bank transfer" in note
    assert str(first) in note and str(second) in note


def test_refused_change_keeps_the_terms(client, no_card):
    seller_user, buyer, order = make_trade(payment_terms="card")
    client.force_login(seller_user)
    _propose(client, order, "letter_of_credit")
    client.force_login(buyer)
    _answer(client, order, "refuse")
    order.refresh_from_db()
    assert order.payment_terms == "card"
    assert TermsChange.objects.get(order=order).status == "refused"
    assert not OrderEvent.objects.filter(order=order, note__contains="Payment terms").exists()


def test_a_third_party_cannot_propose_or_confirm(client, no_card):
    _seller_user, buyer, order = make_trade(payment_terms="card")
    client.force_login(buyer)
    _propose(client, order, "bank_transfer")
    stranger = UserFactory()
    client.force_login(stranger)
    assert _answer(client, order, "confirm").status_code == 404
    assert _propose(client, order, "letter_of_credit").status_code == 404
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert _answer(client, order, "confirm").status_code == 404
    order.refresh_from_db()
    assert order.payment_terms == "card"
    with pytest.raises(PaymentError):
        terms_change_decide(order=order, by=stranger, party="staff", confirm=True)


def test_only_available_terms_can_be_proposed_and_only_before_payment(no_card):
    _seller_user, buyer, order = make_trade(payment_terms="bank_transfer")
    with pytest.raises(PaymentError, match="not available"):
        terms_change_propose(order=order, by=buyer, party="buyer", to_terms="card")
    Order.objects.filter(pk=order.pk).update(status="paid")
    order.refresh_from_db()
    with pytest.raises(PaymentError, match="before the order is paid"):
        terms_change_propose(order=order, by=buyer, party="buyer", to_terms="letter_of_credit")


# --- the seller's next action ----------------------------------------------------------------


def test_seller_next_action_moves_a_bank_transfer_order_forward(client, no_card):
    seller_user, _buyer, order = make_trade(payment_terms="bank_transfer")
    labels = [a.label for a in order_next_actions(order, "seller")]
    assert labels[0] == "Share your bank details with the buyer"
    assert "Record the payment received" in labels
    seller_services.seller_bank_details_set(seller=order.seller, by=seller_user, fields=BANK)
    order.seller.refresh_from_db()
    assert order_next_actions(order, "seller")[0].label == "Record the payment received"
    dashboard = dashboard_for(seller_user)
    assert dashboard["next_actions"][0][0] == f"{order.number}: Record the payment received"
    assert not any("Cancel" in text for text, _url in dashboard["next_actions"])


# --- bank details ----------------------------------------------------------------------------


def test_bank_codes_are_validated():
    validate_ifsc("SBIN0001234")
    validate_swift("SBININBB")
    validate_swift("SBININBB104")
    assert iban_is_valid("DE89370400440532013000")
    validate_bank_account("DE89 3704 0044 0532 0130 00")
    validate_bank_account("301234567890")
    for check, bad in [
        (validate_ifsc, "SBIN1001234"),  # the fifth character is always 0
        (validate_swift, "SBIN12BB"),
        (validate_bank_account, "DE89370400440532013001"),  # wrong check digits
        (validate_bank_account, "12-3"),
    ]:
        with pytest.raises(ValidationError):
            check(bad)


def test_seller_enters_bank_details_with_errors_in_words(client):
    member = SellerMembershipFactory(role="owner")
    client.force_login(member.user)
    url = reverse("marketplace:payments:bank_details")
    bad = client.post(url, {**BANK, "bank_ifsc": "SBIN1234", "bank_account_number": "GB00X"})
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "4 letters for the bank" in str(errors["bank_ifsc"])
    assert "bank_account_number" in errors
    assert bad.context["form"]["bank_name"].value() == "State Bank of India"  # nothing lost
    assert client.post(url, BANK).status_code == 302
    member.seller.refresh_from_db()
    assert (member.seller.bank_ifsc, member.seller.bank_account_number) == (
        "SBIN0001234",
        "301234567890",
    )
    assert member.seller.bank_status == "unverified"


def test_buyer_sees_bank_details_reference_and_proforma(client, no_card):
    seller_user, buyer, order = make_trade(payment_terms="bank_transfer")
    seller = order.seller
    seller_services.seller_bank_details_set(seller=seller, by=seller_user, fields=BANK)
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "301234567890" in page and 'data-testid="bank-unverified"' in page
    assert f'data-testid="payment-reference">{order.number}<' in page

    official = UserFactory()
    seller_services.seller_verify_bank(seller=seller, by=official)
    page = client.get(order.get_absolute_url()).content.decode()
    assert 'data-testid="bank-verified"' in page and "bank-unverified" not in page

    proforma = client.get(reverse("marketplace:payments:proforma", args=[order.number]))
    assert proforma.status_code == 200
    assert "SBIN0001234" in proforma.content.decode()
    data = order_proforma(order=Order.objects.select_related("seller", "buyer").get(pk=order.pk))
    assert data.reference == order.number and data.bank.verified
    assert sum(line.line_total for line in data.lines) == order.total == Decimal("1200.00")

    seller_services.seller_verify_bank(seller=seller, by=official, verified=False)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "301234567890" not in page  # details found wrong are never shown
    client.force_login(UserFactory())
    assert (
        client.get(reverse("marketplace:payments:proforma", args=[order.number])).status_code == 404
    )


def test_changed_bank_details_lose_their_verification():
    member = SellerMembershipFactory(role="owner")
    seller_services.seller_bank_details_set(seller=member.seller, by=member.user, fields=BANK)
    seller_services.seller_verify_bank(seller=member.seller, by=UserFactory())
    seller_services.seller_bank_details_set(
        seller=member.seller, by=member.user, fields={**BANK, "bank_account_number": "999888777666"}
    )
    member.seller.refresh_from_db()
    assert member.seller.bank_status == "unverified" and member.seller.bank_checked_at is None


@pytest.mark.parametrize("party", ["buyer", "seller"])
def test_card_terms_the_site_cannot_take_are_not_described_as_a_way_to_pay(client, no_card, party):
    seller_user, buyer, order = make_trade(payment_terms="card")
    client.force_login(buyer if party == "buyer" else seller_user)

    page = client.get(order.get_absolute_url()).content.decode()

    assert "Stripe&#x27;s secure page" not in page and "Stripe's secure page" not in page
    assert 'data-testid="terms-not-takeable"' in page
    assert "Agree a change of payment terms below" in page


def test_card_terms_the_site_can_take_keep_their_description(client, card_on):
    _seller_user, buyer, order = make_trade(payment_terms="card")
    _ready_for_cards(order.seller)
    client.force_login(buyer)

    page = client.get(order.get_absolute_url()).content.decode()

    assert "pays by card on Stripe" in page
    assert "terms-not-takeable" not in page
