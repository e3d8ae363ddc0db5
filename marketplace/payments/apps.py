from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Stripe Checkout, Connect payouts, webhooks and offline payment terms."""

    name = "marketplace.payments"
    label = "payments"
