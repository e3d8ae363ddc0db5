from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        # Search listens to the catalogue; the catalogue never imports search (DESIGN.md §1).
        from search import signals

        signals.connect()
