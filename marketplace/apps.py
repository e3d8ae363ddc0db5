from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"

    def ready(self):
        # Officials' decisions reach the seller's team as notifications (marketplace.moderation).
        from marketplace import moderation

        moderation.connect()
