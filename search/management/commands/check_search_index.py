"""`manage.py check_search_index`: compare the index with the catalogue and repair drift."""

import random

from django.core.management.base import BaseCommand

from search.indexing import reindex_products
from search.services import index_drift


class Command(BaseCommand):
    help = "Compare a sample of the search index with the database; repair what differs."

    def add_arguments(self, parser):
        parser.add_argument("--sample", type=int, default=500, help="Products to compare.")
        parser.add_argument("--dry-run", action="store_true", help="Report only.")

    def handle(self, *args, sample, dry_run, **options):
        drift = index_drift(sample=sample, rng=random.Random())  # nosec B311: sampling
        problems = drift.missing | drift.stale | drift.extra
        self.stdout.write(
            f"checked {drift.checked}: {len(drift.missing)} missing, "
            f"{len(drift.stale)} stale, {len(drift.extra)} extra"
        )
        if problems and not dry_run:
            indexed, removed = reindex_products(problems)
            self.stdout.write(self.style.SUCCESS(f"repaired: {indexed} indexed, {removed} removed"))
        elif not problems:
            self.stdout.write(self.style.SUCCESS("index matches the database"))
