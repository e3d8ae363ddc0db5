from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Stripe Checkout, Connect payouts, webhooks and offline payment terms."""

    name = "marketplace.payments"
    label = "payments"

    def ready(self):
        from django.core import checks

        from .checks import check_stripe_settings

        checks.register(check_stripe_settings)
