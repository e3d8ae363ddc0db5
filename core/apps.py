from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: infrastructure every app may use, knowing no domain app."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import content_cache

        # Edits to anything public pages show invalidate their cached fragments.
        content_cache.connect()
