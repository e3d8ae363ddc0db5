from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark-only scaffolding: the Wagtail-indexed product proxy of the search bench and
    `manage.py seed_catalogue`. Installed only by bench/settings.py, never by the site."""

    name = "bench"
    label = "bench"
    verbose_name = "Benchmarks"
