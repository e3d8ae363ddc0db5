"""Tell officials (and staff, where no official covers a state) what waits for their review."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from catalogue.review_digests import review_digests_send


class Command(BaseCommand):
    help = "Notify reviewers of new and overdue items in their review queue (run daily)."

    def handle(self, *args, **options):
        digests = review_digests_send(now=timezone.now())
        self.stdout.write(f"Review digests for {len(digests)} reviewer(s).")
