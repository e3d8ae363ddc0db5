from pathlib import Path

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by backup_site into an EMPTY database "
        "(--database-url, default DATABASE_URL) and MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--database-url", help="Target database; it must be empty.")
        parser.add_argument("--no-media", action="store_true")

    def handle(self, *args, source, database_url, no_media, **options):
        database = (
            environ.Env.db_url_config(database_url)
            if database_url
            else settings.DATABASES["default"]
        )
        media_root = None if no_media else Path(settings.MEDIA_ROOT)
        try:
            manifest = restore(source=source, database=database, media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored the {manifest.vendor} backup of {manifest.created_at}")
        )
