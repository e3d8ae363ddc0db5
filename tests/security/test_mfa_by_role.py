"""The second factor is required by role on every signed-in request, not only under some URL
prefixes (issue 19 item 5): production settings list the roles."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from marketplace.models import Order
from regions.models import OfficialPost
from tests.factories import SellerMembershipFactory, StateFactory, UserFactory
from tests.factories.marketplace import QuotationFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def production_roles(settings):
    from config.settings import production

    settings.MFA_REQUIRED_ROLES = production.MFA_REQUIRED_ROLES


def _payouts_seller_with_a_quote():
    quote = QuotationFactory()
    seller = quote.enquiry.product.seller
    return SellerMembershipFactory(seller=seller, can_manage_payouts=True).user, quote


def test_a_payouts_seller_without_a_second_factor_can_write_nothing(client):
    user, quote = _payouts_seller_with_a_quote()
    client.force_login(user)
    for url in (
        reverse("marketplace:enquiry_detail", args=[quote.enquiry.pk]),
        reverse("marketplace:quote_edit", args=[quote.enquiry.pk]),
        reverse("marketplace:rfq_new"),
        reverse("catalogue:gi_list"),  # a public page too: the role, not the place, decides
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == SETUP, url
    response = client.post(reverse("marketplace:quote_accept", args=[quote.pk]))
    assert response.status_code == 302 and response["Location"] == SETUP
    assert not Order.objects.exists()


def test_api_writes_get_a_403_in_words_not_a_redirect(client):
    user, _quote = _payouts_seller_with_a_quote()
    client.force_login(user)
    response = client.post(reverse("search_api:products"), {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_sign_out_set_up_and_health_stay_reachable(client):
    user, _quote = _payouts_seller_with_a_quote()
    client.force_login(user)
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(SETUP, follow=True).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


def test_a_state_reviewer_counts_as_an_official(client):
    reviewer = UserFactory()
    # A state post (regions.OfficialPost): publishes across a whole state.
    OfficialPost.objects.create(user=reviewer, state=StateFactory())
    client.force_login(reviewer)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"] == SETUP
    response = client.get(reverse("catalogue:gi_list"))
    assert response.status_code == 302 and response["Location"] == SETUP
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get(reverse("catalogue:gi_list")).status_code == 200


def test_roles_that_need_no_second_factor_browse_freely(client):
    buyer = QuotationFactory().enquiry.buyer
    client.force_login(buyer)
    assert client.get(reverse("marketplace:dashboard")).status_code == 200
