"""Tell staff in the Wagtail admin when the Stripe settings are half-configured."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .checks import stripe_configuration_problem


class StripeSettingsPanel(Component):
    name = "stripe_settings"
    order = 10  # above everything else on the dashboard: payments are failing
    template_name = "payments/admin/stripe_settings_panel.html"

    def __init__(self, problem: str):
        self.problem = problem

    def get_context_data(self, parent_context=None):
        return {"problem": self.problem}


@hooks.register("construct_homepage_panels")
def stripe_settings_panel(request, panels):
    # Staff only: an official cannot change settings, and the text names environment variables.
    if not (request.user.is_staff or request.user.is_superuser):
        return
    problem = stripe_configuration_problem()
    if problem:
        panels.insert(0, StripeSettingsPanel(problem))
