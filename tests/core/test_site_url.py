"""Every email link is built by core.site_url from SITE_URL, else Wagtail's default Site."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from core.notifications.emails import digest_send, notification_send_email
from core.notifications.services import notify
from core.site_url import site_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_site_url_uses_the_setting(settings):
    settings.SITE_URL = "https://deh.example.org/"
    assert site_url("/dashboard/") == "https://deh.example.org/dashboard/"
    # A link someone built from a request keeps its path, query and anchor, not its host.
    assert (
        site_url("http://127.0.0.1:8000/orders/7/?tab=docs#documents")
        == "https://deh.example.org/orders/7/?tab=docs#documents"
    )


def test_without_the_setting_the_wagtail_default_site_gives_the_address(settings):
    settings.SITE_URL = ""
    Site.objects.filter(is_default_site=True).update(hostname="market.example.in", port=8443)
    assert site_url("/dashboard/") == "http://market.example.in:8443/dashboard/"


def test_notification_and_digest_emails_link_to_the_configured_site(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8123"
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        notify(users=[user], kind="test", subject="Hello", body="", url="/orders/1/")
    notification_send_email(notification_id=user.notifications.get().pk)
    assert "http://127.0.0.1:8123/orders/1/" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=False):
        notify(users=[user], kind="test", subject="Again", body="", url="/orders/2/")
    digest_send(user_id=user.pk)
    body = mail.outbox[-1].body
    assert "http://127.0.0.1:8123/orders/2/" in body
    assert "http://127.0.0.1:8123" + reverse("marketplace:dashboard") in body
    assert "testserver" not in body


def test_allauth_emails_link_to_the_configured_site_not_the_request_host(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://deh.example.org"
    user = UserFactory(email="reset@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # allauth's emails are queued after the commit (core.outbox), then sent by the task.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    body = mail.outbox[-1].body
    assert "https://deh.example.org/accounts/password/reset/key/" in body
    assert "http://testserver/" not in body


def test_wagtail_emails_get_the_same_address(settings):
    from config.settings import base

    settings.SITE_URL = ""
    Site.objects.filter(is_default_site=True).update(hostname="market.example.in", port=8443)
    assert base._site_root() == "http://market.example.in:8443"
