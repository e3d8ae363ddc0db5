"""Notifications: a row per person per event, emailed after commit through the task queue.

People who chose the daily digest get nothing at once; `send_digests` collects their
unsent notifications once a day.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.site_url import site_url

from .models import Notification

logger = logging.getLogger(__name__)


def notify(*, users: Iterable[User], kind: str, subject: str, body: str, url: str) -> None:
    """Record a notification for each distinct user and queue immediate emails on commit."""
    seen: set[int] = set()
    immediate: list[int] = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        note = Notification.objects.create(
            user=user, kind=kind, subject=subject, body=body, url=url
        )
        if user.email_frequency == User.EmailFrequency.IMMEDIATE:
            immediate.append(note.pk)

    def enqueue():
        from .tasks import send_notification_email

        for pk in immediate:
            send_notification_email.enqueue(pk)

    if immediate:
        transaction.on_commit(enqueue)


def _send(*, to: str, subject: str, context: dict, template: str) -> None:
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
        _send(
            to=note.user.email,
            subject=note.subject,
            template="notification",
            context={"note": note, "user": note.user, "link": site_url(note.url)},
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
        user = User.objects.get(pk=user_id)
        items = [{"note": n, "link": site_url(n.url)} for n in notes]
        _send(
            to=user.email,
            subject=f"DEH Marketplace: {len(notes)} update(s) today",
            template="digest",
            context={
                "user": user,
                "items": items,
                "dashboard": site_url(reverse("marketplace:dashboard")),
            },
        )
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
        return len(notes)


def send_invitation_email(*, invitation_id: int) -> None:
    from .models import SellerInvitation

    invitation = SellerInvitation.objects.select_related("seller", "invited_by").get(
        pk=invitation_id
    )
    link = site_url(reverse("marketplace:team_join", args=[invitation.token]))
    _send(
        to=invitation.email,
        subject=f"Join {invitation.seller.name} on DEH Marketplace",
        template="invitation",
        context={"invitation": invitation, "link": link},
    )
