from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        # Connects the copy-for-translation signal (translated storefronts keep their rights).
        from cms import i18n  # noqa: F401
