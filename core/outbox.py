"""Every email the site sends leaves through the task queue (issue 19 item 7).

`queue_email` turns a rendered message into plain data and enqueues `deliver_email` once the
current transaction commits; the task hands it to the mail server and, when the server is
down or refuses it for now, enqueues itself again with a growing delay. So no request ever
waits on (or fails because of) the mail server, and nothing is called "sent" before the
server took it: a caller that must know (a team invitation) passes `mark_sent`, a model
field the task sets once the message went out.

Core sits at the bottom layer, so allauth's adapter (accounts), marketplace invitations and
anything above can all use this one path.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.apps import apps
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Back-off between attempts: 1, 2, 4, 8, 16, 32 minutes then hourly; the eighth failure
# gives up (about four hours of outage), logged as an error. Invitations stay listed as
# "not sent yet" with a resend button, so the owner can try again later.
MAX_ATTEMPTS = 8
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(hours=1)


def retry_delay(attempt: int) -> dt.timedelta:
    """Wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed."""
    return min(FIRST_DELAY * 2 ** (attempt - 1), MAX_DELAY)


def message_to_data(message: EmailMessage) -> dict:
    """A JSON-serialisable copy of `message` (task arguments must be JSON)."""
    if message.attachments:
        raise ValueError("queue_email carries no attachments; link to the document instead")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(alt[0]), alt[1]] for alt in getattr(message, "alternatives", None) or []
        ],
    }


def data_to_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def queue_email(message: EmailMessage, *, mark_sent: dict | None = None) -> None:
    """Send `message` from the task queue after the current transaction commits.

    `mark_sent` = {"model": "app_label.model", "pk": ..., "field": ...}: a datetime field set
    when the mail server accepted the message."""
    data = message_to_data(message)
    transaction.on_commit(lambda: deliver_email.enqueue(data, 1, mark_sent), robust=True)


@task()
def deliver_email(data: dict, attempt: int = 1, mark_sent: dict | None = None) -> None:
    try:
        data_to_message(data).send()
    except (OSError, smtplib.SMTPException) as exc:
        _retry_later(data, attempt, mark_sent, exc)
        return
    if mark_sent:
        model = apps.get_model(mark_sent["model"])
        model.objects.filter(pk=mark_sent["pk"]).update(**{mark_sent["field"]: timezone.now()})


def _retry_later(data: dict, attempt: int, mark_sent: dict | None, exc: Exception) -> None:
    to = ", ".join(data["to"])
    backend = deliver_email.get_backend()
    if attempt >= MAX_ATTEMPTS or not backend.supports_defer:
        # A backend that cannot defer (the embedded demo runs tasks at once) has no way to
        # wait before trying again; retrying at once would only hammer a dead server.
        logger.error("Email to %s not sent after %d attempt(s): %s", to, attempt, exc)
        return
    delay = retry_delay(attempt)
    logger.warning("Email to %s failed (%s); attempt %d in %s", to, exc, attempt + 1, delay)
    deliver_email.using(run_after=timezone.now() + delay).enqueue(data, attempt + 1, mark_sent)
