"""Image tags parse their filter specs once per template node, not once per image shown.

Wagtail's `{% image %}`, `{% srcset_image %}` and `{% picture %}` nodes build new `Filter`
objects on every render, and each new Filter parses its spec again (the registered image
operations looked up through the hooks, one operation object per part of the spec) when the
rendition's cache key is computed. On a product card that was a quarter of the card's
rendering time: 24 cards took 20.5 ms, and 15.4 ms with the filters kept (docs/benchmarks.md,
"Public pages with every cache empty", fifteenth round).

A node's specs are literal text, fixed when its template is compiled, and a Filter holds
nothing of the image it is used with (its operations keep only their parsed arguments), so
one Filter per spec serves every render of that node, in every thread.
"""

from __future__ import annotations

import functools


def keep_parsed_filters() -> None:
    """Remember each image node's filters on the node (called once, from cms/apps.py)."""
    # Imported here: the tags' module imports Wagtail's image models, which need the apps.
    from wagtail.images.templatetags.wagtailimages_tags import ImageNode, SrcsetImageNode

    ImageNode.get_filter = _kept_on_node(ImageNode.get_filter, "_deh_filter")
    # PictureNode inherits SrcsetImageNode's.
    SrcsetImageNode.get_filters = _kept_on_node(SrcsetImageNode.get_filters, "_deh_filters")


def _kept_on_node(build, attribute: str):
    """`build(node)`, computed once per node and kept in its `attribute`. functools.wraps
    keeps Wagtail's own as `__wrapped__`, where the reliance check
    (tests/cms/test_wagtail_speedups.py) reads its source."""

    @functools.wraps(build)
    def kept(self):
        value = self.__dict__.get(attribute)
        if value is None:
            value = self.__dict__[attribute] = build(self)
        return value

    return kept
