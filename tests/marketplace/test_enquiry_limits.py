"""Enquiry limits that stop spam without stopping buyers (issue 17.4): budgets that grow with
account age and a verified email, a strict one for new accounts, the IP as a backstop; a
refusal or an invalid submit never loses what was typed; the allowance shows before it ends."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Enquiry
from marketplace.selectors import enquiry_budget
from tests.factories import BuyerCompanyFactory, ProductFactory, SellerMembershipFactory

pytestmark = pytest.mark.django_db


def _buyer(age_days: int, verified: bool = True):
    user = BuyerCompanyFactory().user
    user.date_joined = timezone.now() - dt.timedelta(days=age_days)
    user.save(update_fields=["date_joined"])
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def test_budget_grows_with_account_age_and_a_verified_email(settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 10
    settings.ENQUIRY_RATE_LIMIT_NEW_VERIFIED_PER_HOUR = 20
    settings.ENQUIRY_NEW_ACCOUNT_DAYS = 7
    settings.ENQUIRY_RATE_LIMIT_ESTABLISHED_PER_HOUR = 30
    settings.ENQUIRY_RATE_LIMIT_MAX_PER_HOUR = 60
    assert enquiry_budget(_buyer(0, verified=False)) == 10  # new, email not verified
    assert enquiry_budget(_buyer(0)) == 20  # new, verified: a first sourcing session
    assert enquiry_budget(_buyer(40, verified=False)) == 10  # unverified email
    assert enquiry_budget(_buyer(10)) == 30
    assert enquiry_budget(_buyer(40)) == 40
    assert enquiry_budget(_buyer(2000)) == 60


@pytest.fixture
def products(db):
    seller = SellerMembershipFactory().seller
    return [ProductFactory(seller=seller) for _ in range(3)]


def _url(product):
    return reverse("marketplace:enquiry_new") + f"?product={product.slug}"


@pytest.mark.parametrize("age_days", [0, 45])  # a new importer's first day, and later
def test_a_buyer_sends_15_enquiries_in_a_session_without_losing_a_draft(
    client, products, enquiry_post, age_days
):
    buyer = _buyer(age_days=age_days)
    client.force_login(buyer)
    for i in range(15):
        product = products[i % 3]
        message = f"Enquiry number {i} about {product.name}"
        if i == 7:  # a slip on the way: the form comes back with everything typed
            bad = client.post(_url(product), enquiry_post(quantity="", message=message))
            assert bad.status_code == 200
            assert bad.context["form"]["message"].value() == message
        response = client.post(_url(product), enquiry_post(message=message))
        assert response.status_code == 302, i
    assert Enquiry.objects.filter(buyer=buyer).count() == 15
    assert client.get(_url(products[0])).context["allowance"] == enquiry_budget(buyer) - 15


def test_a_script_posting_200_from_a_new_account_is_stopped(
    client, products, enquiry_post, settings
):
    spammer = _buyer(age_days=0, verified=False)
    client.force_login(spammer)
    codes = [
        client.post(_url(products[0]), enquiry_post(message=f"Cheap offer {i}")).status_code
        for i in range(200)
    ]
    budget = settings.ENQUIRY_RATE_LIMIT_PER_HOUR
    assert codes == [302] * budget + [429] * (200 - budget)
    assert Enquiry.objects.filter(buyer=spammer).count() == budget


def test_refusal_keeps_the_draft_and_the_allowance_shows_before_it_runs_out(
    client, products, enquiry_post, settings
):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 7
    settings.ENQUIRY_ALLOWANCE_WARNING = 5
    buyer = _buyer(age_days=1, verified=False)
    client.force_login(buyer)
    assert b'data-testid="allowance"' not in client.get(_url(products[0])).content
    for _ in range(3):
        client.post(_url(products[0]), enquiry_post())
    page = client.get(_url(products[0]))
    assert "You can send 4 more enquiries or buying requests this hour." in page.content.decode()
    for _ in range(4):
        assert client.post(_url(products[0]), enquiry_post()).status_code == 302
    # An invalid submit after the budget is spent is still validated, not thrown away.
    invalid = client.post(_url(products[1]), enquiry_post(quantity="", message="Kept draft A"))
    assert invalid.status_code == 200
    assert invalid.context["form"]["message"].value() == "Kept draft A"
    refused = client.post(_url(products[1]), enquiry_post(message="Kept draft B"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "Kept draft B" in html and "what you wrote is kept below" in html
    assert refused.context["form"]["destination_port"].value() == "Hamburg"
    assert not Enquiry.objects.filter(buyer=buyer, product=products[1]).exists()


def test_the_ip_is_a_backstop_for_many_new_accounts(client, products, enquiry_post, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 10
    settings.ENQUIRY_RATE_LIMIT_PER_IP_HOUR = 15
    sent = 0
    for _account in range(3):
        client.force_login(_buyer(age_days=0))
        for _ in range(10):
            sent += client.post(_url(products[0]), enquiry_post()).status_code == 302
    assert sent == 15


def test_buying_request_refusal_keeps_the_draft(client, products, enquiry_post, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 1
    client.force_login(_buyer(age_days=0, verified=False))
    data = {
        "title": "Hand-block printed cushion covers",
        "description": "500 covers, natural dyes.",
        "quantity": "500",
        "unit": "piece",
        "destination_country": "DE",
        "incoterm": "FOB",
        "category": str(products[0].category_id),
        "company_website": "",
        "started": enquiry_post()["started"],
    }
    assert client.post(reverse("marketplace:rfq_new"), data).status_code == 302
    response = client.post(reverse("marketplace:rfq_new"), data)
    assert response.status_code == 429
    assert response.context["form"]["title"].value() == "Hand-block printed cushion covers"
