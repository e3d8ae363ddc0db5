"""Admin registrations for the CMS: the choosers the storefront blocks use."""

from wagtail import hooks

from cms.admin_api import ChoosableDocumentsAdminAPIViewSet, ChoosableImagesAdminAPIViewSet
from cms.choosers import cluster_chooser_viewset, product_chooser_viewset, seller_chooser_viewset


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser_viewset, seller_chooser_viewset, cluster_chooser_viewset]


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    # After Wagtail's own registrations (order 0): same names, permission-scoped querysets.
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)
