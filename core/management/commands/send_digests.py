"""Email each daily-digest user one summary of their unsent notifications (run daily)."""

from django.core.management.base import BaseCommand

from core.notifications.choices import EmailFrequency
from core.notifications.models import Notification
from core.notifications.tasks import send_digest_email


class Command(BaseCommand):
    help = "Queue one digest email per user who chose the daily digest and has news."

    def handle(self, *args, **options):
        user_ids = (
            Notification.objects.filter(
                emailed_at__isnull=True, user__email_frequency=EmailFrequency.DAILY
            )
            .values_list("user_id", flat=True)
            .distinct()
        )
        count = 0
        for user_id in user_ids:
            send_digest_email.enqueue(user_id)
            count += 1
        self.stdout.write(f"Queued {count} digest(s).")
