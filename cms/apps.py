from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        # Connects the copy-for-translation signal (translated storefronts keep their rights).
        from cms import i18n  # noqa: F401
        from config import content_cache

        # Edits to anything public pages show invalidate their cached fragments.
        content_cache.connect()
