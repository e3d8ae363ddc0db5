"""Admin registrations for the CMS: the choosers the storefront blocks use."""

from wagtail import hooks

from cms.choosers import cluster_chooser_viewset, product_chooser_viewset, seller_chooser_viewset


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser_viewset, seller_chooser_viewset, cluster_chooser_viewset]
