"""Queue again the immediate notification emails that were never sent (run every few minutes).

A mail server that is down makes `send_notification_email` fail (the task is logged and
recorded as failed); the notification keeps `emailed_at` empty, so this picks it up later.
Sending is idempotent per notification, so a row queued twice is emailed once.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.notifications.choices import EmailFrequency
from core.notifications.models import Notification
from core.notifications.tasks import send_notification_email


class Command(BaseCommand):
    help = "Re-queue immediate notification emails still unsent after --older-than minutes."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=10, help="minutes (default 10)")
        parser.add_argument("--max-age-days", type=int, default=3)

    def handle(self, *args, **options):
        now = timezone.now()
        ids = Notification.objects.filter(
            emailed_at__isnull=True,
            user__is_active=True,
            user__email_frequency=EmailFrequency.IMMEDIATE,
            created_at__lte=now - dt.timedelta(minutes=options["older_than"]),
            created_at__gte=now - dt.timedelta(days=options["max_age_days"]),
        ).values_list("pk", flat=True)
        count = 0
        for pk in ids.iterator():
            send_notification_email.enqueue(pk)
            count += 1
        self.stdout.write(f"Queued {count} email(s) again.")
