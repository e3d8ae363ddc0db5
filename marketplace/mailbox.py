"""The demo mailbox: an email backend that keeps every email sent (and prints it, like the
console backend), and who may read the kept emails.

`make run` uses it (config/settings/dev.py), so a newcomer reads the sign-up, enquiry and
order emails at /demo/mailbox/ instead of hunting for them in the server's output. Production
never uses it: `DEMO_MODE` is forced off there and the page is a 404 for everyone but staff.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.db.models import QuerySet

from .models import SentEmail

MAILBOX_SIZE = 100  # the newest emails shown; older ones stay in the table


def _html_part(message) -> str:
    for content, mimetype in getattr(message, "alternatives", None) or []:
        if mimetype == "text/html":
            return content
    if getattr(message, "content_subtype", "") == "html":
        return message.body
    return ""


class DemoMailboxBackend(ConsoleBackend):
    """Records each message in `SentEmail`, then writes it to the console as before."""

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        SentEmail.objects.bulk_create(
            [
                SentEmail(
                    subject=str(message.subject)[:300],
                    from_email=str(message.from_email)[:300],
                    to=", ".join(str(to) for to in message.to),
                    body_text=message.body if _html_part(message) != message.body else "",
                    body_html=_html_part(message),
                )
                for message in email_messages
            ]
        )
        return super().send_messages(email_messages)


def mailbox_visible(user) -> bool:
    """Staff always; anyone when the demo setting is on (never in production)."""
    return bool(settings.DEMO_MODE) or bool(getattr(user, "is_staff", False))


def mailbox_emails() -> QuerySet[SentEmail]:
    """The newest emails first (one query)."""
    return SentEmail.objects.all()[:MAILBOX_SIZE]
