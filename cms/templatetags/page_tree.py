"""The page tree as the public templates read it."""

from django import template

from cms import selectors

register = template.Library()


@register.simple_tag
def page_ancestors(page) -> list:
    """The page's ancestors below the tree root, home first: one query per page view,
    shared with the JSON-LD breadcrumbs (cms.selectors.page_ancestors)."""
    return selectors.page_ancestors(page)


@register.simple_tag
def cluster_page(cluster):
    """The cluster's live page, for its link, or None (cms.selectors.cluster_page)."""
    return selectors.cluster_page(cluster)
