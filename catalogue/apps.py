from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"

    def ready(self):
        from catalogue import services
        from catalogue.signals import product_changed
        from core import content_cache

        # A seller's listings follow the seller to a new district.
        services.connect()

        # Bulk writes skip model signals and send product_changed instead: public pages
        # showing products must be rendered afresh all the same.
        content_cache.watch_signal(product_changed)
