from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and media to a folder (restore with restore_site)."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)
        parser.add_argument("--no-media", action="store_true")

    def handle(self, *args, destination, no_media, **options):
        try:
            folder = backup(destination=destination, include_media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
