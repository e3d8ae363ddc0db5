"""`manage.py search_index --rebuild`: rebuild the search index from the catalogue."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends import get_backend
from search.indexing import iter_batches
from search.selectors import indexable_products


class Command(BaseCommand):
    help = "Rebuild the search index (database and, if configured, Elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild everything.")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--backend", choices=["database", "elasticsearch"], help="Only this backend."
        )
        parser.add_argument(
            "--no-images", action="store_true", help="Skip image renditions (benchmarks)."
        )

    def handle(self, *args, rebuild, batch_size, backend, no_images, **options):
        if not rebuild:
            raise CommandError("Say what to do: --rebuild")
        from django.conf import settings

        names = [backend] if backend else ["database"]
        if not backend and settings.SEARCH_BACKEND != "database":
            names.append(settings.SEARCH_BACKEND)
        total = indexable_products().count()
        for name in names:
            target = get_backend(name)
            progress = tqdm(
                total=total,
                desc=f"Indexing ({name})",
                unit="product",
                file=self.stderr._out,
                disable=options["verbosity"] == 0,
            )

            def batches(progress=progress):
                for batch in iter_batches(batch_size, with_image=not no_images):
                    yield batch
                    progress.update(len(batch))

            count = target.rebuild(batches())
            progress.close()
            self.stdout.write(self.style.SUCCESS(f"{name}: indexed {count} products"))
