"""Wagtail's admin API endpoints for images and documents, limited to what the user may choose.

Wagtail's own admin endpoints hide only collections with a front-end view restriction, so any
admin user (a district official) could list every picture and document on the site through
`/admin/api/main/images/`, including other districts' and unpublished listings' photos that
the admin's own listings and choosers never show them. These subclasses apply the same
collection permissions as the choosers ("choose" or "change"), so the API shows exactly what
the admin does; a smaller listing is also a faster one. `scope_admin_api` is registered in
cms/wagtail_hooks.py.
"""

from __future__ import annotations

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

VISIBLE_ACTIONS = ["choose", "change"]


def _choosable(viewset, queryset):
    policy = policy_registry.get_by_type(viewset.model)
    allowed = policy.instances_user_has_any_permission_for(viewset.request.user, VISIBLE_ACTIONS)
    return queryset.filter(pk__in=allowed.values("pk"))


class ChoosableImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return _choosable(self, super().get_queryset())


class ChoosableDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return _choosable(self, super().get_queryset())


def scope_admin_api(router):
    """The `construct_admin_api` hook, registered after Wagtail's own (order 0): the same
    endpoint names, so the choosers' URLs now list permission-scoped querysets."""
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)
