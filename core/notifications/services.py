"""Recording notifications; the immediate ones are emailed after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .choices import EmailFrequency
from .models import Notification
from .tasks import send_notification_email


def notify(*, users: Iterable, kind: str, subject: str, body: str, url: str) -> None:
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
        if user.email_frequency == EmailFrequency.IMMEDIATE:
            immediate.append(note.pk)

    def enqueue():
        for pk in immediate:
            send_notification_email.enqueue(pk)

    if immediate:
        transaction.on_commit(enqueue)
