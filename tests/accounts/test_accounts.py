"""Sign-up with a role, verification, role-aware redirects, required MFA, team invitations."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from accounts.models import User
from buyers.models import BuyerCompany
from marketplace.models import SellerInvitation
from sellers.models import SellerMembership
from tests.factories import (
    DistrictFactory,
    DistrictOfficialFactory,
    SellerMembershipFactory,
    UserFactory,
)

PASSWORD = "a-long-Passphrase-42"


def _signup(client, **extra):
    data = {
        "full_name": "Anna Weber",
        "email": "anna@importer.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "buyer",
        "company": "Weber Textil GmbH",
        "country": "DE",
        "website": "https://weber.example",
        "buyer_type": "importer",
    }
    data.update(extra)
    return client.post(reverse("account_signup"), data)


@pytest.mark.django_db
def test_buyer_signup_creates_company_and_requires_email_verification(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # emails leave after the commit
        response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="anna@importer.example")
    assert user.signup_role == "buyer" and user.full_name == "Anna Weber"
    company = BuyerCompany.objects.get(user=user)
    assert (company.name, company.country, company.buyer_type) == (
        "Weber Textil GmbH",
        "DE",
        "importer",
    )
    (verify,) = mail.outbox
    assert "anna@importer.example" in verify.to
    # Not signed in until the address is confirmed (mandatory verification).
    assert client.get(reverse("marketplace:dashboard")).status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", verify.body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    assert client.post(path).status_code == 302
    assert client.get(reverse("marketplace:dashboard")).status_code == 200


@pytest.mark.django_db
def test_buyer_signup_explains_missing_company_fields(client):
    response = _signup(client, company="", country="", buyer_type="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "company" in errors and "country" in errors and "buyer_type" in errors


@pytest.mark.django_db
def test_seller_signup_needs_no_company_and_lands_on_onboarding(client):
    district = DistrictFactory(name="Bhagalpur", slug="bhagalpur")
    response = _signup(
        client,
        email="ravi@weaver.example",
        role="seller",
        company="",
        country="",
        district="Bhagalpur",
    )
    assert response.status_code == 302
    user = User.objects.get(email="ravi@weaver.example")
    assert user.signup_role == "seller" and not BuyerCompany.objects.filter(user=user).exists()
    assert user.signup_district == district
    user.emailaddress_set.update(verified=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/dashboard/profile/"


@pytest.mark.django_db
def test_signup_with_a_taken_email_does_not_reveal_it(client):
    UserFactory(email="taken@example.org")
    response = _signup(client, email="taken@example.org")
    fresh = _signup(client, email="fresh@example.org")
    assert response.status_code == fresh.status_code == 302
    assert response["Location"] == fresh["Location"]


@pytest.mark.django_db
def test_roles_listed_as_needing_mfa_are_sent_to_set_it_up(client, settings):
    settings.MFA_REQUIRED_ROLES = ["official", "seller_payouts"]
    official = DistrictOfficialFactory().user
    client.force_login(official)
    response = client.get(reverse("marketplace:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # The set-up pages themselves stay reachable (allauth first asks to re-enter the password).
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    assert setup.status_code == 200 and setup.redirect_chain[-1][0].startswith("/accounts/")
    Authenticator.objects.create(user=official, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get(reverse("marketplace:dashboard")).status_code == 200
    payouts = SellerMembershipFactory(can_manage_payouts=True).user
    plain = SellerMembershipFactory(can_manage_payouts=False).user
    client.force_login(payouts)
    assert client.get("/fr/dashboard/").status_code == 302
    client.force_login(plain)
    assert client.get(reverse("marketplace:dashboard")).status_code == 200


@pytest.mark.django_db
def test_no_mfa_needed_when_the_setting_lists_no_roles(client, settings):
    settings.MFA_REQUIRED_ROLES = []
    client.force_login(DistrictOfficialFactory().user)
    assert client.get(reverse("marketplace:dashboard")).status_code == 200


@pytest.mark.django_db
def test_owner_invites_staff_who_joins_with_the_invited_address(
    client, django_capture_on_commit_callbacks
):
    owner = SellerMembershipFactory()
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("marketplace:team"), {"email": "existing@example.org"})
        UserFactory(email="existing@example.org")
        unknown = client.post(reverse("marketplace:team"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302  # same answer either way
    invitation = SellerInvitation.objects.get(email="existing@example.org")
    (email,) = [m for m in mail.outbox if m.to == ["existing@example.org"]]
    path = re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+", email.body).group(0))
    assert path == reverse("marketplace:team_join", args=[invitation.token])
    client.logout()
    assert client.get(path)["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory(email="someone-else@example.org"))
    client.post(path)
    assert not SellerMembership.objects.filter(user__email="someone-else@example.org").exists()
    invitee = User.objects.get(email="existing@example.org")
    client.force_login(invitee)
    assert client.post(path).status_code == 302
    membership = SellerMembership.objects.get(user=invitee)
    assert (membership.seller, membership.role) == (owner.seller, "staff")
    client.post(path)  # a second use changes nothing
    assert SellerMembership.objects.filter(user=invitee).count() == 1


@pytest.mark.django_db
def test_settings_switch_to_daily_digest(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:settings"), {"full_name": "A B", "email_frequency": "daily"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_frequency == "daily"


@pytest.mark.django_db
def test_allauth_pages_use_the_site_layout(client):
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    assert b"site-header" in page.content and b"marketplace.css" in page.content


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/fr", "/ar"])
def test_signing_in_lands_on_the_dashboard_in_the_readers_language(client, prefix):
    from allauth.account.models import EmailAddress

    user = UserFactory(password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    login = reverse("account_login")
    response = client.post(f"{prefix}{login}", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/dashboard/"
