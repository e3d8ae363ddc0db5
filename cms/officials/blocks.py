"""The public "district at a glance" block: exports trend and top destinations.

Shows only public aggregates (totals per period and per country), never an import report or
a row of the uploaded data. Placed on a district storefront (or a page under one); the
district comes from the page, so an official cannot show another district's figures.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def _district_for(page):
    from cms.models import DistrictPage

    if page is None:
        return None
    if getattr(page, "district_id", None):
        return page.district
    storefront = DistrictPage.objects.ancestor_of(page).select_related("district").first()
    return storefront.district if storefront else None


class DistrictAtAGlanceBlock(blocks.StructBlock):
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
        from cms.officials.dashboards import at_a_glance

        context = super().get_context(value, parent_context=parent_context)
        district = _district_for((parent_context or {}).get("page"))
        context["district"] = district
        glance = None
        if district:
            settings = {"months": value["months"], "destinations": value["destinations"]}
            glance = at_a_glance(district, **settings)
            for key, chart in glance.charts.items():
                # Charts load from their own URL (not inlined: ~25 KB each); the settings keep
                # image, table and CSV alike, and the version changes with the figures.
                chart.image_url = _chart_url("glance_svg", district, key, settings, chart)
                chart.csv_url = _chart_url("glance_csv", district, key, settings)
        context["glance"] = glance
        return context


def _chart_url(name, district, key, settings, chart=None) -> str:
    query = dict(settings)
    if chart is not None:
        query["v"] = chart.fingerprint()[:16]
    return f"{reverse(f'cms:officials:{name}', args=[district.pk, key])}?{urlencode(query)}"
