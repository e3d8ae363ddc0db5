"""What the public "district at a glance" block shows: exports trend and top destinations.

The block itself is cms.blocks.DistrictAtAGlanceBlock (every page body's block set is in
cms); it asks for its figures through cms.hooks.DISTRICT_GLANCE_HOOK, which
cms/officials/wagtail_hooks.py answers with `block_glance`. Only public aggregates (totals
per period and per country), never an import report or a row of the uploaded data.
"""

from urllib.parse import urlencode

from django.urls import reverse

from cms.officials.dashboards import Dashboard, at_a_glance


def block_glance(district, *, months: int, destinations: int) -> Dashboard:
    """The district's glance figures, each chart with its picture and CSV address."""
    settings = {"months": months, "destinations": destinations}
    glance = at_a_glance(district, **settings)
    for key, chart in glance.charts.items():
        # Charts load from their own URL (not inlined: ~25 KB each); the settings keep
        # image, table and CSV alike, and the version changes with the figures.
        chart.image_url = _chart_url("glance_svg", district, key, settings, chart)
        chart.csv_url = _chart_url("glance_csv", district, key, settings)
    return glance


def _chart_url(name, district, key, settings, chart=None) -> str:
    query = dict(settings)
    if chart is not None:
        query["v"] = chart.fingerprint()[:16]
    return f"{reverse(f'cms:officials:{name}', args=[district.pk, key])}?{urlencode(query)}"
