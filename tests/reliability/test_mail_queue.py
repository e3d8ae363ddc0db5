"""Every email through the task queue, with retries (issue 19 item 7), against Django's real
SMTP backend pointed at a closed local port (nothing listens: the mail server is down)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from core.outbox import retry_delay
from marketplace.models import SellerInvitation
from tests.factories import DistrictFactory, SellerMembershipFactory, UserFactory

from .edge import closed_port

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Passphrase-42"


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3


@pytest.fixture
def database_queue(settings):
    """The production arrangement: tasks wait in the database for `db_worker`."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def _work():
    """What `manage.py db_worker --batch` does, inside this test's transaction (the real
    command closes the connection the test runs in)."""
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        row.claim("test-worker")
        row.set_successful(row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]))


def _signup(client):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Anna Weber",
            "email": "anna@importer.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "seller",
            "district": str(DistrictFactory().pk),  # an id, as API clients may send
        },
    )


def test_signup_with_the_mail_server_down_succeeds_and_the_email_follows_later(
    client, mail_server_down, database_queue, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    assert User.objects.filter(email="anna@importer.example").exists()
    (queued,) = DBTaskResult.objects.filter(task_path__endswith="deliver_email")
    assert queued.status == "READY"

    before = timezone.now()
    _work()  # the server is down: the attempt fails and a later one is queued
    assert mail.outbox == []
    retry = DBTaskResult.objects.filter(task_path__endswith="deliver_email", status="READY").get()
    assert retry.args_kwargs["args"][1] == 2
    assert retry.run_after >= before + retry_delay(1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _work()  # not yet due
    assert mail.outbox == []
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    _work()
    (email,) = mail.outbox
    assert email.to == ["anna@importer.example"]


def test_retries_back_off_and_stop():
    delays = [retry_delay(n) for n in range(1, 8)]
    assert delays == sorted(delays) and delays[0] == dt.timedelta(minutes=1)
    assert delays[-1] == dt.timedelta(hours=1)


def test_password_reset_with_the_mail_server_down_is_not_a_500(
    client, mail_server_down, django_capture_on_commit_callbacks
):
    UserFactory(email="forgetful@example.org")
    client.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": "forgetful@example.org"}
        )
    assert response.status_code == 302


def test_an_invitation_not_yet_sent_says_so_and_can_be_resent(
    client, mail_server_down, settings, django_capture_on_commit_callbacks
):
    owner = SellerMembershipFactory()
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("marketplace:team"), {"email": "new.hand@example.com"}, follow=True
        )
    page = response.content.decode()
    assert "Invitation sent" not in page
    assert "Invitation queued" in page
    invitation = SellerInvitation.objects.get(email="new.hand@example.com")
    assert invitation.sent_at is None
    assert "queued, not emailed yet" in page
    resend = reverse("marketplace:team_invitation_resend", args=[invitation.pk])
    assert resend in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend).status_code == 302
    (email,) = mail.outbox
    assert email.to == ["new.hand@example.com"]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert "emailed " in client.get(reverse("marketplace:team")).content.decode()
