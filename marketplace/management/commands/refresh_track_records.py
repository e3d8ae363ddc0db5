"""`manage.py refresh_track_records`: recompute every approved seller's rating and enquiry
response figures (run daily by `run_periodic`; the 90-day window moves on by itself)."""

from django.core.management.base import BaseCommand

from marketplace.reviews import track_record


class Command(BaseCommand):
    help = "Recompute sellers' ratings and response figures (the last 90 days)."

    def handle(self, *args, **options):
        changed = track_record.refresh_all()
        self.stdout.write(f"Track records refreshed: {changed} changed.")
