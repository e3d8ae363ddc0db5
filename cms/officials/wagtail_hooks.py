"""Wagtail registrations of the officials' tools: admin URLs and menu, and what they add to
the CMS through its hooks (cms/hooks.py): storefront sections, the "district at a glance"
figures, demo content and the demo pages to translate."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from cms.hooks import (
    DEMO_CONTENT_HOOK,
    DEMO_TRANSLATED_PAGES_HOOK,
    DISTRICT_GLANCE_HOOK,
    STOREFRONT_SECTIONS_HOOK,
)
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


@hooks.register(DISTRICT_GLANCE_HOOK)
def district_glance(district, *, months, destinations):
    """The figures and charts of the "district at a glance" block (cms.blocks)."""
    from cms.officials.glance import block_glance

    return block_glance(district, months=months, destinations=destinations)


@hooks.register(DEMO_CONTENT_HOOK)
def demo_content(stdout=None):
    """The Varanasi action plan, an event, illustrative export figures (load_demo_data)."""
    from cms.officials.demo import officials_demo_ensure

    officials_demo_ensure(stdout=stdout)


@hooks.register(DEMO_TRANSLATED_PAGES_HOOK)
def demo_translated_pages(storefront):
    """The storefront's action plan, translated with it by the demo (cms/demo_translations)."""
    from cms.officials.demo import plan_english_ensure

    return plan_english_ensure(storefront)
