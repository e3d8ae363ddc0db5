"""The one shared StreamField block set of the site (STYLE.md rule 10).

Every block has an icon, a template under templates/blocks/ and a preview value. The chooser
blocks load their objects with the card selectors in one query per block type (Wagtail calls
`bulk_to_python` once for all values of a type in a stream), so a page's query count does not
grow with the number of products an official features.
"""

from urllib.parse import urlsplit

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks, hooks
from wagtail.images.blocks import ImageChooserBlock

from cms.hooks import DISTRICT_GLANCE_HOOK


class _CardChooserBlock(blocks.ChooserBlock):
    """A chooser whose values come from a selector queryset (images and renditions prefetched)."""

    viewset_name = ""

    def card_queryset(self):
        raise NotImplementedError

    def with_images(self, objects: list) -> None:
        """Give the chosen cards their images (cms.selectors.with_card_images), if any."""

    @cached_property
    def widget(self):
        from cms import choosers

        return getattr(choosers, self.viewset_name).widget_class()

    def to_python(self, value):
        if value is None or isinstance(value, self.target_model):
            return value
        return self._one(self.card_queryset().filter(pk=value).first())

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        objects = self.card_queryset().in_bulk(ids) if ids else {}
        self.with_images(list(objects.values()))
        # A product withdrawn after it was chosen simply disappears from the page.
        return [objects.get(value) for value in values]

    def get_preview_value(self):
        return self._one(self.card_queryset().first())

    def _one(self, found):
        if found is not None:
            self.with_images([found])
        return found


class ProductChooserBlock(_CardChooserBlock):
    viewset_name = "product_chooser_viewset"

    @cached_property
    def target_model(self):
        from catalogue.models import Product

        return Product

    def card_queryset(self):
        from cms.selectors import product_cards

        return product_cards()

    def with_images(self, objects):
        from cms.selectors import with_card_images

        with_card_images(products=objects)

    class Meta:
        icon = "tag"
        template = "blocks/product.html"


class SellerChooserBlock(_CardChooserBlock):
    viewset_name = "seller_chooser_viewset"

    @cached_property
    def target_model(self):
        from sellers.models import Seller

        return Seller

    def card_queryset(self):
        from cms.selectors import seller_cards

        return seller_cards()

    def with_images(self, objects):
        from cms.selectors import with_card_images

        with_card_images(sellers=objects)

    class Meta:
        icon = "group"
        template = "blocks/seller.html"


class ClusterChooserBlock(_CardChooserBlock):
    viewset_name = "cluster_chooser_viewset"

    @cached_property
    def target_model(self):
        from regions.models import Cluster

        return Cluster

    def card_queryset(self):
        from cms.selectors import cluster_cards

        return cluster_cards()

    class Meta:
        icon = "site"
        template = "blocks/cluster.html"


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/rich_text.html"
        features = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]
        preview_value = (
            "<p>Varanasi's weavers have worked silk with gold and silver zari for centuries.</p>"
        )
        description = _("Formatted text")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the picture for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        description = _("A picture with alternative text and an optional caption")

    def get_preview_value(self):
        from wagtail.images import get_image_model

        return {
            "image": get_image_model().objects.order_by("-id").first(),
            "alt_text": "A handloom in a weaver's workshop",
            "caption": "A pit loom in Sarai Mohana",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=pgettext_lazy("page block", "Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        preview_value = {
            "quote": "Our saris now travel to buyers in twelve countries.",
            "attribution": "A master weaver of Varanasi",
        }
        description = _("A quotation with who said it")


class FeaturedProductsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default=_("Featured products"))
    products = blocks.ListBlock(
        ProductChooserBlock(),
        label=_("Products"),
        min_num=0,
        max_num=12,
        help_text=_("Leave empty to show the district's latest published products."),
    )
    automatic_count = blocks.IntegerBlock(
        label=_("How many to show"),
        min_value=1,
        max_value=12,
        default=4,
        help_text=_("How many of the latest products to show when none are chosen."),
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/featured_products.html"
        preview_value = {"heading": "Featured products", "products": [], "automatic_count": 4}
        description = _("A row of product cards, chosen or automatic")


class FeaturedSellersBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default=_("Meet the makers"))
    sellers = blocks.ListBlock(SellerChooserBlock(), label=_("Sellers"), min_num=1, max_num=12)

    class Meta:
        icon = "group"
        template = "blocks/featured_sellers.html"
        preview_value = {"heading": "Meet the makers", "sellers": []}
        description = _("A row of seller cards")


def site_path(url: str) -> str:
    """`url` if a browser would open it on this site as a path, else "".

    Browsers drop leading and trailing controls and spaces, delete tabs and newlines anywhere
    and read a backslash as a slash, so "/\\evil.example/" or "/<TAB>/evil.example/" leave the
    site although they start with one slash. Any control character, space-padding or
    backslash is refused outright; what remains must be a path with no scheme and no host.
    """
    if not url or url != url.strip() or "\\" in url:
        return ""
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        return ""
    if not url.startswith("/") or url.startswith("//"):
        return ""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return ""
    return url


class CallToActionValue(blocks.StructValue):
    def site_href(self) -> str:
        """The stored path if it is a site path, else "" (values saved before the check
        existed, or written around the admin, are checked again when rendered)."""
        return site_path(self.get("url") or "")


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    link_label = blocks.CharBlock(label=_("Link text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Site path"),
        required=False,
        max_length=300,
        help_text=_("A site path such as /search/?q=silk, used when no page is chosen."),
    )

    class Meta:
        icon = "link"
        template = "blocks/call_to_action.html"
        preview_value = {
            "heading": "Source directly from the district",
            "text": "Send one enquiry and hear from verified exporters.",
            "link_label": "Send an enquiry",
            "url": "/search/",
        }
        description = _("A highlighted box with one link")
        value_class = CallToActionValue

    def clean(self, value):
        value = super().clean(value)
        url = value.get("url") or ""
        if not value.get("page") and not url.strip():
            raise blocks.StructBlockValidationError(
                block_errors={"url": _("Choose a page or enter a site path.")}
            )
        # Site paths only: an official's link must not lead buyers off-site or run script.
        if url and not site_path(url):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": _(
                        "Enter a path on this site, starting with a single /, without "
                        "backslashes, spaces around it or invisible characters."
                    )
                }
            )
        return value


def _district_for(page):
    from cms.models import DistrictPage

    if page is None:
        return None
    if getattr(page, "district_id", None):
        from cms.selectors import page_district

        return page_district(page)
    storefront = DistrictPage.objects.ancestor_of(page).select_related("district__state").first()
    return storefront.district if storefront else None


class DistrictAtAGlanceBlock(blocks.StructBlock):
    """The public "district at a glance": exports trend and top destinations.

    Shows only public aggregates (totals per period and per country), never an import report
    or a row of the uploaded data. Placed on a district storefront (or a page under one); the
    district comes from the page, so an official cannot show another district's figures. The
    figures and charts come from the officials' tools through DISTRICT_GLANCE_HOOK
    (cms/hooks.py), registered by cms.officials.
    """

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, default=_("District at a glance"), max_length=120
    )
    months = blocks.IntegerBlock(
        label=_("Months"),
        default=24,
        min_value=6,
        max_value=60,
        help_text=_("Months of the exports trend."),
    )
    destinations = blocks.IntegerBlock(
        label=_("Destinations"),
        default=5,
        min_value=3,
        max_value=10,
        help_text=_("How many destination countries."),
    )

    class Meta:
        icon = "view"
        template = "blocks/district_at_a_glance.html"
        label = _("District at a glance")
        preview_value = {"heading": "District at a glance", "months": 24, "destinations": 5}
        description = _("Export trend and top destination countries from the district's figures")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        district = _district_for((parent_context or {}).get("page"))
        context["district"] = district
        glance = None
        providers = hooks.get_hooks(DISTRICT_GLANCE_HOOK)
        if district and providers:
            glance = providers[-1](
                district, months=value["months"], destinations=value["destinations"]
            )
        context["glance"] = glance
        return context


class StorefrontStreamBlock(blocks.StreamBlock):
    """The shared block set for every page body."""

    rich_text = RichTextBlock(label=_("Formatted text"))
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock(label=pgettext_lazy("page block", "Quote"))
    product = ProductChooserBlock(label=_("Product"))
    seller = SellerChooserBlock(label=_("Seller"))
    cluster = ClusterChooserBlock(label=_("Cluster"))
    featured_products = FeaturedProductsBlock(label=_("Featured products"))
    featured_sellers = FeaturedSellersBlock(label=_("Featured sellers"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    district_at_a_glance = DistrictAtAGlanceBlock()
