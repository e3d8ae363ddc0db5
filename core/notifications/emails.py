"""Rendering and sending notification emails (called by the tasks in `tasks.py`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_email(*, to: str, subject: str, context: dict, template: str) -> None:
    """Send `email/<template>.txt` with its `.html` alternative to one address."""
    text = render_to_string(f"email/{template}.txt", context)
    html = render_to_string(f"email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    message.send()


def notification_send_email(*, notification_id: int) -> None:
    """Send one notification by email; a second call for the same row sends nothing."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None:
            return
        send_email(
            to=note.user.email,
            subject=note.subject,
            template="notification",
            context={"note": note, "user": note.user, "link": absolute_url(note.url)},
        )
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])


def digest_send(*, user_id: int) -> int:
    """Email one digest of everything not yet emailed to this user; returns how many."""
    with transaction.atomic():
        notes = list(
            Notification.objects.select_for_update()
            .filter(user_id=user_id, emailed_at__isnull=True)
            .order_by("created_at")
        )
        if not notes:
            return 0
        user = get_user_model().objects.get(pk=user_id)
        items = [{"note": n, "link": absolute_url(n.url)} for n in notes]
        send_email(
            to=user.email,
            subject=f"DEH Marketplace: {len(notes)} update(s) today",
            template="digest",
            context={"user": user, "items": items, "dashboard": absolute_url("/dashboard/")},
        )
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
        return len(notes)
