"""Admin registrations for the CMS: the choosers the storefront blocks use, the admin API's
permission-scoped image and document endpoints (cms/wagtail_speedups/admin_api.py), and
wagtail-localize's submit/sync views with object-level rights (cms/translation_admin.py)."""

from django.urls import path
from wagtail import hooks

from cms.choosers import cluster_chooser_viewset, product_chooser_viewset, seller_chooser_viewset
from cms.translation_admin import (
    ScopedSubmitPageTranslationView,
    ScopedUpdateTranslationsView,
    upload_pofile,
)
from cms.wagtail_speedups.admin_api import scope_admin_api


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser_viewset, seller_chooser_viewset, cluster_chooser_viewset]


# After Wagtail's own registrations (order 0): same names, permission-scoped querysets.
hooks.register("construct_admin_api", scope_admin_api, order=100)


@hooks.register("register_admin_urls", order=-100)
def scoped_translation_urls():
    """Ahead of wagtail-localize's own URLs (order 0): the same paths, so its buttons and
    `reverse("wagtail_localize:...")` lead to the views that check the page's rights."""
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            ScopedSubmitPageTranslationView.as_view(),
            name="cms_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            ScopedUpdateTranslationsView.as_view(),
            name="cms_update_translations",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_pofile,
            name="cms_upload_pofile",
        ),
    ]
