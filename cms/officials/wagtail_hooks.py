"""Wagtail registrations of the officials' tools: admin URLs and menu, storefront sections."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.models import STOREFRONT_SECTIONS_HOOK, StorefrontSection
from cms.officials import admin_urls, selectors


@hooks.register("register_admin_urls")
def officials_admin_urls():
    return [path("officials/", include(admin_urls, namespace="officials_admin"))]


class OfficialsMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.accessible_districts(request.user).exists()


@hooks.register("register_admin_menu_item")
def officials_menu_item():
    return OfficialsMenuItem(
        _("Export dashboards"),
        reverse("officials_admin:index"),
        name="export-dashboards",
        icon_name="site",
        order=250,
    )


@hooks.register(STOREFRONT_SECTIONS_HOOK)
def storefront_sections(page, request):
    """The plan summary, the DEPC roster and upcoming events on the district storefront."""
    plan = selectors.action_plan(district_id=page.district_id)
    if plan is not None:
        yield StorefrontSection(
            "action_plan", "officials/includes/action_plan_summary.html", {"plan": plan}
        )
        if plan.depc_members.all():
            yield StorefrontSection("depc", "officials/includes/depc.html", {"plan": plan})
    events = selectors.upcoming_events(district_id=page.district_id)
    if events:
        yield StorefrontSection("events", "officials/includes/events.html", {"events": events})
