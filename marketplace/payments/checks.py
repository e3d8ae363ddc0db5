"""Configuration mistakes in the Stripe settings, told at start-up and to staff in the admin.

A webhook secret without a secret key is the dangerous half-configuration: events verify, but
the ones that must be re-read from Stripe answer 503 for ever, and Stripe retries them for
three days before giving up. `manage.py check` (and every start-up) warns; the Wagtail admin
home shows staff the same sentence.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _


def stripe_configuration_problem() -> str:
    """The one sentence describing what is wrong with the Stripe settings, or ""."""
    if settings.STRIPE_WEBHOOK_SECRET and not settings.STRIPE_SECRET_KEY:
        return _(
            "STRIPE_WEBHOOK_SECRET is set but STRIPE_SECRET_KEY is not: Stripe events are "
            "accepted, but payment events cannot be checked with Stripe and keep failing "
            "(Stripe retries them for three days). Set STRIPE_SECRET_KEY, or unset "
            "STRIPE_WEBHOOK_SECRET and remove the endpoint in Stripe."
        )
    return ""


def check_stripe_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problem = stripe_configuration_problem()
    return [checks.Warning(problem, id="payments.W001")] if problem else []
