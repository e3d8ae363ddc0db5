"""Role-gated pages (no object of anyone else involved) explain what is missing with a 403."""

import pytest
from django.urls import reverse

from sellers.models import SellerMembership
from tests.factories import SellerMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLE_GATED = ["catalogue:dashboard_listings", "marketplace:team", "cms:officials:readiness"]


@pytest.mark.parametrize("name", ROLE_GATED)
def test_a_person_without_a_business_is_told_to_register_one(client, name):
    client.force_login(UserFactory())

    response = client.get(reverse(name))

    assert response.status_code == 403
    assert b"You are not part of a seller business yet" in response.content
    assert reverse("marketplace:dashboard_profile").encode() in response.content


def test_seller_staff_are_told_only_the_owner_manages_the_team(client):
    member = SellerMembershipFactory(role=SellerMembership.Role.STAFF)
    client.force_login(member.user)

    response = client.get(reverse("marketplace:team"))

    assert response.status_code == 403
    assert b"Only the business owner can do this" in response.content
    assert member.seller.name.encode() in response.content


def test_the_owner_sees_the_team_page(client):
    owner = SellerMembershipFactory(role=SellerMembership.Role.OWNER)
    client.force_login(owner.user)

    assert client.get(reverse("marketplace:team")).status_code == 200
