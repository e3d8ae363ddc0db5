"""Settings of the benchmarks that need the bench app (bench.search_bench, bench.search_scale):
the test settings plus `bench` (its models and `manage.py seed_catalogue`).

    DJANGO_SETTINGS_MODULE=bench.settings python manage.py seed_catalogue --products 1000
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
