"""Journey: a seller owner who manages payouts, where that role must use two-factor
authentication (MFA_REQUIRED_ROLES), is sent to set up an authenticator app, sets it up with a
code computed from the secret shown on the page, sees the recovery codes, signs out, and on the
next sign-in must give a TOTP code (a wrong one is refused); a recovery code also works."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from sellers.models import SellerMembership
from tests.factories import SellerFactory, UserFactory

PASSWORD = "correct horse battery"


def totp_now(secret: str) -> str:
    # allauth's own TOTP (RFC 6238, 30-second steps, 6 digits), as an authenticator app does.
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_step(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")


def sign_out(page, base):
    page.goto(f"{base}/accounts/logout/")
    page.locator("main form button[type=submit], form[action*='logout'] button").first.click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_payout_owner_must_set_up_totp_and_then_sign_in_with_it(live_server, page, settings):
    settings.MFA_REQUIRED_ROLES = ["official", "seller_payouts"]
    user = UserFactory(email="owner@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    SellerMembership.objects.create(
        seller=SellerFactory(), user=user, role="owner", can_manage_payouts=True
    )
    base = live_server.url

    # Signing in lands on the dashboard, which sends the owner to set up an authenticator.
    password_step(page, base, user.email)
    page.goto(f"{base}/dashboard/")
    # allauth asks for the password once more before a second factor is added
    # (MFA_REAUTHENTICATION_REQUIRED, its secure default), then goes on to the setup.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next=.*totp"))
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.locator("body")).to_contain_text("two-factor authentication")
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret

    # A wrong code is refused; the right one, computed from the secret shown, activates it.
    page.fill('input[name="code"]', "000000" if totp_now(secret) != "000000" else "111111")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator('input[name="code"]')).to_be_visible()
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
    page.fill('input[name="code"]', totp_now(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_load_state("networkidle")
    assert Authenticator.objects.filter(user=user, type="totp").exists()

    # The recovery codes are shown to keep.
    page.goto(f"{base}/accounts/2fa/recovery-codes/")
    expect(page.locator("body")).to_contain_text("10 out of 10 recovery codes available")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9a-f]{8}", c) for c in codes), codes
    page.goto(f"{base}/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    # Next sign-in: the password alone is not enough.
    sign_out(page, base)
    password_step(page, base, user.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill('input[name="code"]', "12345")
    page.locator('input[name="code"]').press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill('input[name="code"]', totp_now(secret))
    page.locator('input[name="code"]').press("Enter")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    # A recovery code stands in for the app once.
    sign_out(page, base)
    password_step(page, base, user.email)
    page.fill('input[name="code"]', codes[0])
    page.locator('input[name="code"]').press("Enter")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
