"""Background work of the officials' dashboards (Django's task framework; the worker is
`db_worker`, tests and dev run tasks at once)."""

import logging

from django.conf import settings
from django.tasks import task
from django.utils import translation

from cms.officials.dashboards import (
    Dashboard,
    at_a_glance,
    district_dashboard,
    region_dashboard,
)
from regions.models import District

logger = logging.getLogger(__name__)


@task()
def draw_dashboard_charts(district_ids: list[int]) -> int:
    """Draw and cache the charts an import changed, so the first official to open a
    dashboard afterwards finds them cached instead of waiting for the drawing (2-3 ms a
    chart and size, two sizes, six to nine charts a page): the dashboards of the imported
    districts, their public at-a-glance block (default settings), their states' dashboards
    and India's, in every site language (chart titles are translated, so each language has
    its own SVGs).

    The charts are built by the same functions the pages use, so they have the same
    content hash and cache keys; building them also fills the state/India dashboard cache.
    Not drawn: the "rank in state" chart of the state's other districts, which an import
    also changes (a state can have 75 districts). Returns how many SVGs were drawn.
    """
    districts = list(District.objects.filter(pk__in=district_ids).select_related("state"))
    states = sorted({district.state for district in districts}, key=lambda state: state.pk)
    before = _renders()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for district in districts:
                _draw(district_dashboard(district))
                _draw(at_a_glance(district))
            for state in [*states, None]:
                _draw(region_dashboard(state))
    drawn = _renders() - before
    logger.info("Drew %s dashboard charts for %s districts", drawn, len(districts))
    return drawn


def _draw(dashboard: Dashboard) -> None:
    for chart in dashboard.charts.values():
        if not chart.is_empty:  # the pages show no image for an empty chart
            chart.draw_all()


def _renders() -> int:
    from cms.officials import charts

    return charts.renders


def export_figures_imported(sender, district_ids=(), **kwargs) -> None:
    """regions.signals.export_figures_imported (sent after the import commits)."""
    if not district_ids:
        return
    try:
        draw_dashboard_charts.enqueue(district_ids=list(district_ids))
    except Exception:  # a broken queue must not fail the import; pages draw on demand
        logger.exception("Could not queue drawing the charts of %s districts", len(district_ids))
