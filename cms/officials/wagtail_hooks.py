"""Wagtail registrations of the officials' tools: admin URLs and menu, storefront sections."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from cms.models import STOREFRONT_SECTIONS_HOOK
from cms.officials import admin_urls, selectors, storefront
from cms.officials.models import EventPage


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


@hooks.register("register_page_header_buttons")
def event_registrations_button(page, user, view_name, next_url=None):
    """On an event's admin pages: who registered, for those who may see it."""
    if page.specific_class is not EventPage:
        return
    if selectors.event_for_registrations(user=user, page_id=page.pk) is None:
        return
    yield Button(
        _("Registrations"),
        reverse("officials_admin:event_registrations", args=[page.pk]),
        icon_name="group",
        priority=40,
    )


@hooks.register(STOREFRONT_SECTIONS_HOOK)
def storefront_sections(page, request):
    """The plan summary, the DEPC roster and upcoming events on the district storefront
    (rendered once and cached: cms/officials/storefront.py)."""
    return storefront.storefront_sections(page=page, request=request)
