"""Issue 19 item 4: a webhook secret without a Stripe key is reported at start-up (a system
check) and to staff on the Wagtail admin home, not discovered from 503s in Stripe's log."""

import pytest
from django.core import checks

from tests.factories import UserFactory

HALF = "STRIPE_WEBHOOK_SECRET is set but STRIPE_SECRET_KEY is not"


def payment_warnings():
    return [m for m in checks.run_checks() if m.id == "payments.W001"]


def test_system_check_warns_on_a_secret_without_a_key(settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    settings.STRIPE_SECRET_KEY = ""
    [warning] = payment_warnings()
    assert warning.level == checks.WARNING
    assert HALF in warning.msg


@pytest.mark.parametrize(("secret", "key"), [("", ""), ("whsec_x", "sk_test_x"), ("", "sk_x")])
def test_system_check_is_quiet_otherwise(settings, secret, key):
    settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_SECRET_KEY = secret, key
    assert payment_warnings() == []


@pytest.mark.django_db
def test_admin_home_tells_staff(client, settings):
    settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_SECRET_KEY = "whsec_x", ""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "Card payments are misconfigured" in html
    assert HALF in html

    settings.STRIPE_SECRET_KEY = "sk_test_x"
    assert "Card payments are misconfigured" not in client.get("/admin/").content.decode()
