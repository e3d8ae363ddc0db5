"""Sign-in lock-out per account and per IP, separately (issue 19 item 6)."""

from __future__ import annotations

import logging
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import middleware as accounts_middleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Passphrase-42"


def _person(email):
    user = UserFactory(email=email)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def _sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_one_persons_typos_lock_neither_them_nor_their_office(client):
    _person("alice@office.example")
    _person("bob@office.example")
    for _ in range(5):  # yesterday's limit: five, and the whole IP was locked out
        assert _sign_in(client, "alice@office.example", "wrong-guess").status_code == 200
    assert _sign_in(client, "alice@office.example", PASSWORD).status_code == 302
    colleague = Client()  # same IP (REMOTE_ADDR), another person
    assert _sign_in(colleague, "bob@office.example", PASSWORD).status_code == 302


def test_a_guessed_account_locks_alone_and_says_how_to_get_in(
    client, django_capture_on_commit_callbacks
):
    _person("target@office.example")
    _person("bob@office.example")
    for _ in range(10):
        _sign_in(client, "target@office.example", "wrong-guess")
    refused = _sign_in(Client(), "target@office.example", PASSWORD)
    page = refused.content.decode()
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session
    assert "sign-in code" in page and "reset your password" in page
    # The same IP, another account: still welcome (the per-IP budget is far larger).
    assert _sign_in(client, "bob@office.example", PASSWORD).status_code == 302
    # The locked-out owner gets in with a code by email.
    owner = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the email leaves after commit
        response = owner.post(
            reverse("account_request_login_code"), {"email": "target@office.example"}
        )
    assert response.status_code == 302
    (email,) = [m for m in mail.outbox if m.to == ["target@office.example"]]
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", email.body, re.M).group(1)
    assert owner.post(response["Location"], {"code": code}).status_code == 302
    assert owner.get(reverse("marketplace:dashboard")).status_code == 200


def test_the_per_ip_budget_still_stops_a_spray(client, settings):
    # allauth's separate limit on all sign-ins per IP per minute is not what is tested here.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}
    for n in range(100):
        _sign_in(client, f"nobody{n}@spray.example", "wrong-guess")
    _person("carol@office.example")
    refused = _sign_in(client, "carol@office.example", PASSWORD)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session


def test_a_forwarded_header_without_a_trusted_proxy_is_reported(client, settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_CLIENT_IP_HEADER = None
    settings.DEBUG = False
    accounts_middleware.forget_untrusted_forwarding()
    with caplog.at_level(logging.WARNING, logger="accounts.middleware"):
        client.get(reverse("healthz"), HTTP_X_FORWARDED_FOR="198.51.100.7")
        client.get(reverse("healthz"), HTTP_X_FORWARDED_FOR="198.51.100.8")
    warnings = [r for r in caplog.records if "TRUSTED_PROXY_COUNT" in r.getMessage()]
    assert len(warnings) == 1  # once per process
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "TRUSTED_PROXY_COUNT" in page


def test_the_start_up_check_warns_when_a_proxy_is_declared_but_not_trusted(settings):
    from accounts.checks import check_client_ip_settings

    settings.DEBUG = False
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_CLIENT_IP_HEADER = None
    settings.USE_X_FORWARDED_HOST = True
    (warning,) = check_client_ip_settings(None)
    assert warning.id == "accounts.W001" and "TRUSTED_PROXY_COUNT" in warning.msg
    settings.TRUSTED_PROXY_COUNT = 1
    assert check_client_ip_settings(None) == []
