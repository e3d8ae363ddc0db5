"""The public page tree: Home → State → District storefront → Cluster pages and articles.

Pages keep content only; everything they list (districts, products, sellers) is read through
`cms.selectors` so each page runs a fixed number of queries whatever the data size.

Pages point at their region with a plain ForeignKey (not OneToOne): a translated copy of a
storefront (Wagtail localisation) shares the district, so uniqueness is per locale and is
checked in `clean()`.
"""

import functools
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import selectors
from cms.blocks import StorefrontStreamBlock
from cms.hooks import STOREFRONT_SECTIONS_HOOK
from cms.i18n import LocaleFallbackRoutingMixin, SyncedSlugMixin, fixed_in_translations
from cms.wagtail_speedups.routes import CachedRouteMixin
from cms.wagtail_speedups.routing import ViewRestrictionsMixin


@dataclass(frozen=True)
class StorefrontSection:
    """A piece of a district storefront rendered by another app (cms.hooks
    STOREFRONT_SECTIONS_HOOK).

    `slot` is one of "action_plan", "depc", "events" or "extra"; `template` is included with
    `section` (this object) in its context, so it reads `section.context`.
    """

    slot: str
    template: str
    context: dict = field(default_factory=dict)


# Page types that live in cms.officials, named by label (cms never imports cms.officials);
# resolved lazily so this app works before they exist.
OFFICIALS_SUBPAGE_TYPES = ["officials.ActionPlanPage", "officials.EventPage"]


def _unique_per_locale(page, field_name, message):
    value_id = getattr(page, f"{field_name}_id")
    if value_id is None:
        return
    clash = (
        type(page)
        .objects.filter(**{f"{field_name}_id": value_id}, locale_id=page.locale_id)
        .exclude(pk=page.pk)
    )
    if clash.exists():
        raise ValidationError({field_name: message})


class HomePage(
    SyncedSlugMixin, ViewRestrictionsMixin, CachedRouteMixin, LocaleFallbackRoutingMixin, Page
):
    """The site root: states and featured districts. Its routing is cached
    (cms/wagtail_speedups/routes.py)."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences under the site title."),
    )
    body = StreamField(StorefrontStreamBlock(), blank=True, verbose_name=_("page content"))

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StatePage", "cms.ArticlePage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_districts",
            label=_("Featured districts"),
            help_text=_("Leave empty to feature the districts with the most listings."),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Both are built and read only when the template's cached fragment misses, so a warm
        # home page runs neither.
        # The product counts behind both are read once, by whichever comes first.
        counts = functools.cache(selectors.published_counts)
        context["states"] = SimpleLazyObject(
            lambda: list(selectors.home_states(home=self, counts=counts()))
        )
        context["featured_districts"] = SimpleLazyObject(
            lambda: selectors.featured_districts(home=self, counts=counts())
        )
        return context


class HomePageFeaturedDistrict(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_districts")
    district_page = models.ForeignKey(
        "cms.DistrictPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("district storefront"),
    )

    panels = [FieldPanel("district_page")]


class StatePage(SyncedSlugMixin, ViewRestrictionsMixin, LocaleFallbackRoutingMixin, Page):
    """A state or union territory: its districts and their storefronts."""

    state = models.ForeignKey(
        "regions.State", on_delete=models.PROTECT, related_name="pages", verbose_name=_("state")
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.DistrictPage", "cms.ArticlePage"]

    content_panels = [*Page.content_panels, FieldPanel("state"), FieldPanel("intro")]
    override_translatable_fields = fixed_in_translations("state")
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("state page")

    def clean(self):
        super().clean()
        _unique_per_locale(self, "state", _("This state already has a page."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["districts"] = selectors.state_districts(state_page=self)
        return context


class DistrictPage(SyncedSlugMixin, ViewRestrictionsMixin, LocaleFallbackRoutingMixin, Page):
    """A district storefront, curated by the district's officials."""

    # Read with the page when routing finds it (cms.i18n._specific): every part of the
    # storefront starts from its district (cms.selectors.page_district), and the hero image
    # with its renditions is shown in the page and named in its <head> (the share image).
    route_select_related = ("district__state", "hero_image")
    route_prefetch_related = (
        models.Prefetch("hero_image__renditions", to_attr="prefetched_renditions"),
    )

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="storefront_pages",
        verbose_name=_("district"),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(_("hero image caption"), max_length=250, blank=True)
    story = RichTextField(
        _("story"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("The district's story: its crafts, crops and people."),
    )
    body = StreamField(StorefrontStreamBlock(), blank=True, verbose_name=_("page content"))

    parent_page_types = ["cms.StatePage"]
    subpage_types = ["cms.ClusterPage", "cms.ArticlePage", *OFFICIALS_SUBPAGE_TYPES]

    content_panels = [
        *Page.content_panels,
        FieldPanel("district"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_caption")], heading=_("Hero")),
        FieldPanel("story"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("story")]
    override_translatable_fields = fixed_in_translations("district")

    class Meta:
        verbose_name = _("district storefront")

    @classmethod
    def clean_subpage_models(cls):
        # The officials' page types may not be installed yet; skip the ones that are missing
        # rather than failing every check (Wagtail would raise LookupError).
        if cls._clean_subpage_models is None:
            cls.subpage_types = [name for name in cls.subpage_types if _model_exists(name)]
        return super().clean_subpage_models()

    def clean(self):
        super().clean()
        _unique_per_locale(self, "district", _("This district already has a storefront."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when a cached fragment of the template misses (see district_page.html).
        context["storefront"] = SimpleLazyObject(lambda: selectors.district_storefront(page=self))
        sections: dict[str, list] = {}
        for hook in hooks.get_hooks(STOREFRONT_SECTIONS_HOOK):
            for section in hook(page=self, request=request) or ():
                sections.setdefault(section.slot, []).append(section)
        context["sections"] = sections
        return context


class ClusterPage(SyncedSlugMixin, ViewRestrictionsMixin, Page):
    """A GI, toy, agricultural or craft cluster within a district."""

    cluster = models.ForeignKey(
        "regions.Cluster", on_delete=models.PROTECT, related_name="pages", verbose_name=_("cluster")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(StorefrontStreamBlock(), blank=True, verbose_name=_("page content"))

    parent_page_types = ["cms.DistrictPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("cluster"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    override_translatable_fields = fixed_in_translations("cluster")

    class Meta:
        verbose_name = _("cluster page")

    def clean(self):
        super().clean()
        _unique_per_locale(self, "cluster", _("This cluster already has a page."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cluster_view"] = selectors.cluster_view(page=self)
        return context


class ArticlePage(SyncedSlugMixin, ViewRestrictionsMixin, Page):
    """News and stories: a district's exporters, a fair, a new GI tag."""

    date = models.DateField(_("date"), null=True, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(StorefrontStreamBlock(), blank=True, verbose_name=_("page content"))

    parent_page_types = ["cms.HomePage", "cms.StatePage", "cms.DistrictPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("article")


def _model_exists(name: str) -> bool:
    app_label, model_name = name.split(".")
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
