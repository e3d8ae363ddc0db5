"""Image tags keep their parsed filters on the template node
(cms.wagtail_speedups.image_filters): each image still gets its own renditions, exactly as
Wagtail's tags give them, however many images one node renders."""

from django.template import engines
from wagtail.images.models import ResponsiveImage
from wagtail.images.templatetags.wagtailimages_tags import ImageNode, SrcsetImageNode

from tests.factories.cms import make_image

TEMPLATE = (
    "{% load wagtailimages_tags %}"
    '{% srcset_image photo fill-{40x30,80x60} format-webp sizes="90vw" alt="" %}'
    "|{% image photo fill-50x50 %}"
)


def test_each_image_gets_its_own_renditions_from_the_kept_filters(db):
    template = engines["django"].from_string(TEMPLATE)
    first = make_image("First", size=(400, 300))
    second = make_image("Second", colour=(10, 20, 30), size=(300, 400))
    # A focal point changes a fill's crop, so its renditions' key (Filter.get_cache_key).
    second.focal_point_x, second.focal_point_y = 150, 50
    second.focal_point_width = second.focal_point_height = 40
    second.save()

    for image in (first, second, first, second):
        srcset = ResponsiveImage(
            image.get_renditions("fill-40x30|format-webp", "fill-80x60|format-webp"),
            {"sizes": "90vw", "alt": ""},
        ).__html__()
        single = image.get_rendition("fill-50x50").img_tag()
        assert template.render({"photo": image}) == f"{srcset}|{single}"

    focal_keys = {r.focal_point_key for r in second.renditions.all()}
    assert focal_keys != {r.focal_point_key for r in first.renditions.all()}

    nodes = template.template.nodelist
    srcset_node = nodes.get_nodes_by_type(SrcsetImageNode)[0]
    image_node = next(n for n in nodes.get_nodes_by_type(ImageNode) if type(n) is ImageNode)
    assert srcset_node.get_filters() is srcset_node.get_filters()
    assert [f.spec for f in srcset_node.get_filters()] == [
        "fill-40x30|format-webp",
        "fill-80x60|format-webp",
    ]
    assert image_node.get_filter() is image_node.get_filter()
